using System.Data.Common;
using System.Diagnostics;
using MassTransit;
using MassTransit.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orders.Persistence.Diagnostics;
using Orders.Persistence.Notifications;
using Orders.Persistence.Outbox;
using Orders.Persistence.Reading;
using Orders.Persistence.Saga;
using Orders.StateMachine.Checkout;
using Orders.StateMachine.Deadlines;
using Orders.StateMachine.Reading;

namespace Orders.Persistence;

/// <summary>
/// Orders.Persistence owns PostgreSQL: the EF Core model and migrations, the saga repository and its batch scope, the
/// transactional outbox and its relay, LISTEN/NOTIFY, retention, and the read models the API and admin views query.
/// </summary>
public static class OrderPersistenceRegistration
{
    /// <summary>The name of the connection string (<c>ConnectionStrings:Orders</c>).</summary>
    public const string ConnectionStringName = "Orders";

    /// <summary>Statements each connection keeps prepared (Npgsql's Max Auto Prepare) unless the connection string says otherwise.</summary>
    public const int AutoPreparedStatements = 64;

    /// <summary>
    /// The database, order numbers, reader and deadline finder on PostgreSQL. The schema is not touched
    /// here: call <see cref="OrdersDatabase.MigrateAsync"/> where migrating is wanted.
    /// </summary>
    public static IServiceCollection AddOrderPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        if (!OrdersConnectionString.TryRead(configuration, out var connection, out var error))
            throw new InvalidOperationException(error);

        // The same few statements run for every checkout: prepared once per connection, PostgreSQL stops parsing and
        // planning them each time. A connection string that sets Max Auto Prepare itself keeps its value.
        if (connection.MaxAutoPrepare == 0)
            connection.MaxAutoPrepare = AutoPreparedStatements;

        // A connection going back to the pool is not reset (by default Npgsql sends RESET ALL, DISCARD and friends,
        // which PostgreSQL runs as a transaction of its own on the next use: one more per saga step). Nothing here
        // leaves session state behind: no code SETs a session value or holds a session lock, and the LISTEN for
        // notifications runs on a connection outside the pool.
        if (!new DbConnectionStringBuilder { ConnectionString = connection.ConnectionString }.ContainsKey("No Reset On Close"))
            connection.NoResetOnClose = true;

        // Pooled: every saga step, relay round and poll takes a DbContext, and a pooled one skips building its services anew.
        var roundTrips = new DatabaseRoundTrips();
        services.TryAddSingleton(roundTrips);
        services.AddPooledDbContextFactory<OrdersDbContext>(options => options
            // Commands are traced only inside a trace (a request, a record's processing): the relay, sweepers and counters
            // poll every second or so, and each poll would otherwise be a trace of its own. So would the pool's physical
            // opens, which are not traced at all (they have no filter).
            .UseNpgsql(connection.ConnectionString, npgsql => npgsql.ConfigureDataSource(source => source.ConfigureTracing(tracing => tracing
                .ConfigureCommandFilter(_ => Activity.Current is not null)
                .ConfigureBatchFilter(_ => Activity.Current is not null)
                .EnablePhysicalOpenTracing(false))))
            .AddInterceptors(roundTrips)
            // A failed connection, command or save reaches its caller as an exception, and the caller reports it
            // (the saga's retry and fault logs, the outbox relay, the API's error handler). EF Core's own error lines
            // would say it twice, and they also fire for the expected failures: a concurrent insert of the same
            // checkout, a concurrency conflict that is retried, a migration probing a table not created yet.
            .ConfigureWarnings(w => w.Log(
                (RelationalEventId.ConnectionError, LogLevel.Debug),
                (RelationalEventId.CommandError, LogLevel.Debug),
                (CoreEventId.SaveChangesFailed, LogLevel.Debug))));
        services.TryAddScoped<SagaStepDbContext>();
        services.TryAddSingleton<OrderNumberBlock>();
        services.TryAddScoped<IOrderNumbers, PostgresOrderNumbers>();
        services.TryAddSingleton<ICheckoutReader, PostgresCheckoutReader>();
        services.TryAddSingleton<CheckoutTimelineFeed>();
        services.TryAddSingleton<UserOrders>();
        services.TryAddSingleton<BacklogCounts>();
        services.TryAddSingleton<DatabasePing>();
        services.TryAddSingleton<IDueDeadlines, PostgresDueDeadlines>();
        var listenTo = connection.ConnectionString;
        services.TryAddSingleton(sp => new PostgresNotifications(
            listenTo, sp.GetServices<IPostgresNotificationHandler>(), sp.GetRequiredService<ILogger<PostgresNotifications>>()));
        services.AddHostedService(sp => sp.GetRequiredService<PostgresNotifications>());
        services.AddRetention(configuration);
        return services;
    }

    /// <summary>
    /// Keeps the checkout saga in PostgreSQL (needs <see cref="AddOrderPersistence"/>). Registers it the way
    /// MassTransit's own repositories do, so ISagaRepository, ILoadSagaRepository and IQuerySagaRepository
    /// of <see cref="OrderState"/> all resolve, and the state machine does not know which storage it has.
    /// </summary>
    /// <remarks>
    /// What the machine publishes goes through the transactional outbox: stored with the step, delivered by
    /// the <see cref="OutboxRelay"/> through the <see cref="IOutboxDelivery"/> the transport registers (Orders.Kafka).
    /// </remarks>
    public static ISagaRegistrationConfigurator<OrderState> PostgresRepository(this ISagaRegistrationConfigurator<OrderState> saga) =>
        saga.Repository(r =>
        {
            r.RegisterLoadSagaRepository<OrderState, PostgresSagaRepositoryContextFactory>();
            r.RegisterQuerySagaRepository<OrderState, PostgresSagaRepositoryContextFactory>();
            r.RegisterSagaRepository<OrderState, OrdersDbContext, OutboxSagaConsumeContextFactory, PostgresSagaRepositoryContextFactory>();
            r.TryAddSingleton<OutboxSignal>();
            r.TryAddSingleton<OutboxShardLeases>();
            r.TryAddEnumerable(ServiceDescriptor.Singleton<IPostgresNotificationHandler, OutboxWakeups>());
            r.AddHostedService<OutboxPeerNotifier>();
            r.TryAddScoped<SagaStepBatch>();
            r.AddHostedService<OutboxRelay>();
        });
}
