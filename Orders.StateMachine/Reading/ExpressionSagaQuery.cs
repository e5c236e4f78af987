using System.Linq.Expressions;
using MassTransit;

namespace Orders.StateMachine.Reading;

/// <summary>A saga query from a LINQ predicate, for repositories that accept <see cref="ISagaQuery{TSaga}"/>.</summary>
public sealed class ExpressionSagaQuery<TSaga>(Expression<Func<TSaga, bool>> filter) : ISagaQuery<TSaga>
    where TSaga : class, ISaga
{
    private readonly Lazy<Func<TSaga, bool>> _compiled = new(filter.Compile);

    public Expression<Func<TSaga, bool>> FilterExpression => filter;

    public Func<TSaga, bool> GetFilter() => _compiled.Value;
}
