using Npgsql;
using Orders.Api.Configuration;

namespace Orders.Tests.Operations;

[TestFixture]
public class When_a_postgres_url_is_read
{
    [Test]
    public void Should_take_user_password_host_port_database_and_parameters()
    {
        var text = PostgresUrl.ToConnectionString("postgres://ord%40ers:p%3Ass%2Fw@db.internal:6543/shop?sslmode=verify-full&application_name=orders", "DB_URL", out var error);

        var connection = new NpgsqlConnectionStringBuilder(text);
        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(connection.Username, Is.EqualTo("ord@ers"));
            Assert.That(connection.Password, Is.EqualTo("p:ss/w"));
            Assert.That(connection.Host, Is.EqualTo("db.internal"));
            Assert.That(connection.Port, Is.EqualTo(6543));
            Assert.That(connection.Database, Is.EqualTo("shop"));
            Assert.That(connection.SslMode, Is.EqualTo(SslMode.VerifyFull));
            Assert.That(connection.ApplicationName, Is.EqualTo("orders"));
        });
    }

    [Test]
    public void Should_default_the_port_and_read_an_ipv6_host()
    {
        var connection = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("postgresql://u:p@[::1]/orders", "DB_URL", out _));

        Assert.Multiple(() =>
        {
            Assert.That(connection.Host, Is.EqualTo("::1"));
            Assert.That(connection.Port, Is.EqualTo(5432));
        });
    }

    [TestCase("postgres://u:secret@host:port/db")]
    [TestCase("postgres://u:secret@/db")]
    public void Should_refuse_a_malformed_url_without_repeating_the_password(string url)
    {
        var text = PostgresUrl.ToConnectionString(url, "DB_URL", out var error);

        Assert.Multiple(() =>
        {
            Assert.That(text, Is.Null);
            Assert.That(error, Does.StartWith("DB_URL "));
            Assert.That(error, Does.Not.Contain("secret"));
        });
    }
}
