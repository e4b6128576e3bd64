using MakCrm.Application.Passwords;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Wire;

namespace MakCrm.WebApi.Endpoints;

internal sealed class PasswordEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/password-resets", RequestReset).WithName("requestPasswordReset");
        app.MapPost("/api/v1/password-resets/completion", CompleteReset).WithName("completePasswordReset");
        app.MapGroup("/api/v1/me/password").MapPost("/", Change).WithName("changePassword");
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> RequestReset(
        ICommandHandler<RequestPasswordResetCommand, Unit> handler,
        Body<PasswordResetRequest> body,
        CancellationToken cancellationToken
    )
    {
        var result = await handler.Handle(body.Value.ToCommand(), cancellationToken);
        return result.IsSuccess ? TypedResults.Accepted((string?)null) : Problems.From(result.Error!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> CompleteReset(
        ICommandHandler<CompletePasswordResetCommand, Unit> handler,
        Body<CompletePasswordResetRequest> body,
        CancellationToken cancellationToken
    )
    {
        var result = await handler.Handle(body.Value.ToCommand(), cancellationToken);
        return result.IsSuccess ? TypedResults.NoContent() : Problems.From(result.Error!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Change(
        ICommandHandler<ChangePasswordCommand, Unit> handler,
        Body<ChangePasswordRequest> body,
        CancellationToken cancellationToken
    )
    {
        var result = await handler.Handle(body.Value.ToCommand(), cancellationToken);
        return result.IsSuccess ? TypedResults.NoContent() : Problems.From(result.Error!);
    }
}
