using Orders.Tests.Support;

namespace Orders.Tests.Api;

/// <summary>Starts the shared API host (and its database) before the first API test, and stops it after the last.</summary>
[SetUpFixture]
public sealed class ApiSetup
{
    [OneTimeSetUp]
    public Task Start_the_shared_host() => ApiHost.StartSharedAsync();

    [OneTimeTearDown]
    public Task Stop_the_shared_host() => ApiHost.DisposeSharedAsync();
}
