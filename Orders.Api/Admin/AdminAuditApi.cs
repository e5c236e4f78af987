using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orders.Api.Validation;
using Orders.StateMachine.Admin;

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

    public static async Task<Results<Ok<AdminPage<AdminActionView>>, ValidationProblem>> ListAsync(
        [Description("Only the actions on this target: a requestId or a dead letter's id.")]
        [FromQuery(Name = "target")] string? target,
        [AsParameters] AdminPaging paging,
        AdminAuditLog audit,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (page, pageSize) = paging.Validate(errors);
        if (!errors.IsEmpty)
            return errors.ToProblem();

        return TypedResults.Ok(await audit.ListAsync(string.IsNullOrEmpty(target) ? null : target, page, pageSize, cancellationToken).ConfigureAwait(false));
    }
}
