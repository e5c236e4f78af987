using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orders.Persistence.Admin;

namespace Orders.Api.Admin;

/// <summary>The audit log of admin actions.</summary>
public static class AdminAuditApi
{
    public static IEndpointRouteBuilder MapAdminAuditEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/actions", ListAsync)
            .WithName("AdminListActions")
            .WithSummary("The audit log")
            .WithDescription(
                "Every admin action (cancel-order, replay-dead-letter), newest first: who (X-Admin-Name), what, on which " +
                "target (a requestId or a dead letter's id), how it ended, and when. Filtered by target. Paged like GET /orders.");
        return admin;
    }

    public static Task<Results<Ok<AdminPage<AdminActionView>>, ValidationProblem>> ListAsync(
        [Description("Only the actions on this target: a requestId or a dead letter's id.")]
        [FromQuery(Name = "target")] string? target,
        [AsParameters] AdminPaging paging,
        AdminAuditLog audit,
        CancellationToken cancellationToken)
        => paging.ListAsync(_ => string.IsNullOrEmpty(target) ? null : target, (filter, page, pageSize) => audit.ListAsync(filter, page, pageSize, cancellationToken));
}
