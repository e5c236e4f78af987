using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Orders.Api.Extensions;

namespace Orders.Tests.Api;

[TestFixture]
public class When_the_listen_address_is_chosen
{
    [TestCase(null, null, "http://127.0.0.1:8080")]
    [TestCase("", null, "http://127.0.0.1:8080")]
    [TestCase("9090", null, "http://127.0.0.1:9090")]
    [TestCase("0", null, "http://127.0.0.1:0")]
    [TestCase("65535", null, "http://127.0.0.1:65535")]
    [TestCase("9090", "http://0.0.0.0:5000", null)]
    [TestCase("abc", "http://0.0.0.0:5000", null)]
    public void Should_listen_on_127_0_0_1_and_PORT_unless_urls_are_given(string? port, string? urls, string? expected)
    {
        var (url, error) = ListenAddress.Resolve(Configuration(port, urls));

        Assert.Multiple(() =>
        {
            Assert.That(url, Is.EqualTo(expected));
            Assert.That(error, Is.Null);
        });
    }

    [TestCase("abc")]
    [TestCase("-1")]
    [TestCase("65536")]
    [TestCase("80.5")]
    [TestCase(" 80")]
    [TestCase("99999999999")]
    public void Should_refuse_a_malformed_PORT_naming_it(string port)
    {
        var (url, error) = ListenAddress.Resolve(Configuration(port, urls: null));

        Assert.Multiple(() =>
        {
            Assert.That(url, Is.Null);
            Assert.That(error, Does.StartWith("PORT ").And.Contain($"'{port}'"));
        });
    }

    [Test]
    public void Should_stop_start_up_with_one_line_when_PORT_is_malformed()
    {
        var builder = Builder(port: "eighty");
        using var error = new StringWriter();

        var started = builder.TryUseListenAddress(error);

        var lines = error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(started, Is.False);
            Assert.That(lines, Has.Length.EqualTo(1));
            Assert.That(lines[0], Does.Contain("PORT").And.Contain("eighty"));
        });
    }

    [Test]
    public void Should_tell_the_server_to_listen_on_PORT()
    {
        var builder = Builder(port: "9191");
        using var error = new StringWriter();

        var started = builder.TryUseListenAddress(error);

        Assert.Multiple(() =>
        {
            Assert.That(started, Is.True);
            Assert.That(builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey), Is.EqualTo("http://127.0.0.1:9191"));
            Assert.That(error.ToString(), Is.Empty);
        });
    }

    private static IConfiguration Configuration(string? port, string? urls) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ListenAddress.PortKey] = port,
            [WebHostDefaults.ServerUrlsKey] = urls,
        }).Build();

    /// <summary>A builder whose PORT and urls are those given, whatever the test process's environment holds.</summary>
    private static WebApplicationBuilder Builder(string port)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ListenAddress.PortKey] = port,
            [WebHostDefaults.ServerUrlsKey] = null,
        });
        return builder;
    }
}
