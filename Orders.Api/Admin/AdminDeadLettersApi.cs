using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orders.Api.Validation;
using Orders.Persistence.Admin;

namespace Orders.Api.Admin;

/// <summary>Records the topic endpoints could not process: listing them and replaying one.</summary>
public static class AdminDeadLettersApi
{
    public static IEndpointRouteBuilder MapAdminDeadLetterEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/dead-letters", ListAsync)
            .WithName("AdminListDeadLetters")
            .WithSummary("List dead letters")
            .WithDescription(
                "Records that could never be processed, newest first, with the checkout they name (and its state), the " +
                "error, their topic, partition and offset, key, value and headers, and whether they were replayed. " +
                "Filtered by requestId, topic and replayed. Paged like GET /orders.");

        admin.MapGet("/dead-letters/{id:long}", GetAsync)
            .WithName("AdminGetDeadLetter")
            .WithSummary("One dead letter")
            .WithDescription("The dead letter with this id.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/dead-letters/{id:long}/replay", ReplayAsync)
            .WithName("AdminReplayDeadLetter")
            .WithSummary("Replay a dead letter")
            .WithDescription(
                "Produces the record again to its original topic with its original key, value and headers, once: the dead " +
                "letter is marked replayed (by the X-Admin-Name actor) in the same step that claims it, so a second replay " +
                "answers 409. When producing fails the mark is taken back and the answer is 503: the replay may be sent again. " +
                "Recorded in the audit log.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return admin;
    }

    public static Task<Results<Ok<AdminPage<DeadLetterView>>, ValidationProblem>> ListAsync(
        [AsParameters] AdminDeadLettersQuery query,
        [AsParameters] AdminPaging paging,
        AdminDeadLetters deadLetters,
        CancellationToken cancellationToken)
        => paging.ListAsync(query.Validate, (filter, page, pageSize) => deadLetters.ListAsync(filter, page, pageSize, cancellationToken));

    public static async Task<Results<Ok<DeadLetterView>, ProblemHttpResult>> GetAsync(long id, AdminDeadLetters deadLetters, CancellationToken cancellationToken)
    {
        var deadLetter = await deadLetters.FindAsync(id, cancellationToken).ConfigureAwait(false);
        return deadLetter is null ? AdminProblems.DeadLetterNotFound(id) : TypedResults.Ok(deadLetter);
    }

    public static async Task<Results<Ok<ReplayResponse>, ValidationProblem, ProblemHttpResult>> ReplayAsync(
        long id,
        HttpResponse response,
        [AsParameters] AdminActor actor,
        DeadLetterReplayer replayer,
        [FromServices] IDeadLetterReplay? replay,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var name = actor.Validate(errors);
        if (name is null)
            return errors.ToProblem();

        var result = await replayer.ReplayAsync(id, name, replay, cancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            ReplayStatus.Replayed => TypedResults.Ok(new ReplayResponse(result.DeadLetter!, result.Receipt!)),
            ReplayStatus.NotFound => AdminProblems.DeadLetterNotFound(id),
            ReplayStatus.AlreadyReplayed => AdminProblems.AlreadyReplayed(result.DeadLetter!),
            ReplayStatus.Unavailable => AdminProblems.ReplayUnavailable(result.Reason!),
            _ => AdminProblems.ReplayFailed(response, result.Reason!),
        };
    }
}
