using System.Net;
using System.Text.Json;
using Orders.Tests.Support;

namespace Orders.Tests.Admin;

/// <summary>Reading the audit log the way an operator does: through GET /admin/actions.</summary>
internal static class AdminAudit
{
    /// <summary>The actions on a target, newest first.</summary>
    public static async Task<IReadOnlyList<JsonElement>> OfAsync(string target, ApiHost? host = null)
    {
        var log = await AdminCaller.Of(host ?? AdminSetup.Host, AdminSetup.Key).GetAsync($"/admin/actions?target={target}");
        Assert.That(log.Status, Is.EqualTo(HttpStatusCode.OK), log.ToString);
        return log.Json.Items("items");
    }

    /// <summary>An action as "actor action outcome".</summary>
    public static string Describe(JsonElement action) => $"{action.Text("actor")} {action.Text("action")} {action.Text("outcome")}";
}
