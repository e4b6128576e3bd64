namespace MakCrm.Application.Users;

/// <summary>The signed-in user's active sign-ins, newest use first, the request's own marked.</summary>
public sealed record ListMySessionsQuery : IQuery<IReadOnlyList<SessionDto>>;

/// <summary>Ends one of the signed-in user's sign-ins (its own current one too: that is signing out).</summary>
public sealed record RevokeMySessionCommand(Guid SessionId) : ICommand<Unit>;

/// <summary>Ends every sign-in of the signed-in user except the one the request was made with; the number
/// ended.</summary>
public sealed record RevokeMyOtherSessionsCommand : ICommand<int>;

internal sealed class ListMySessionsHandler(ISignIns signIns, ICurrentActor actor)
    : IQueryHandler<ListMySessionsQuery, IReadOnlyList<SessionDto>>
{
    public async Task<Result<IReadOnlyList<SessionDto>>> Handle(
        ListMySessionsQuery query,
        CancellationToken cancellationToken
    )
    {
        var active = await signIns.ListActiveAsync(actor.UserId!.Value, cancellationToken);
        return active.Select(s => new SessionDto(s, s.Id == actor.SignInId)).ToList();
    }
}

internal sealed class RevokeMySessionHandler(ISignIns signIns, ICurrentActor actor, ISecurityAudit audit)
    : ICommandHandler<RevokeMySessionCommand, Unit>
{
    public async Task<Result<Unit>> Handle(RevokeMySessionCommand command, CancellationToken cancellationToken)
    {
        if (!await signIns.RevokeAsync(actor.UserId!.Value, command.SessionId, cancellationToken))
        {
            return Error.NotFound("Session", command.SessionId);
        }

        await audit.RecordAsync("signin.revoked", new { sign_in = command.SessionId }, cancellationToken);
        return Unit.Value;
    }
}

internal sealed class RevokeMyOtherSessionsHandler(ISignIns signIns, ICurrentActor actor, ISecurityAudit audit)
    : ICommandHandler<RevokeMyOtherSessionsCommand, int>
{
    public async Task<Result<int>> Handle(RevokeMyOtherSessionsCommand command, CancellationToken cancellationToken)
    {
        var revoked = await signIns.RevokeAllAsync(actor.UserId!.Value, actor.SignInId, cancellationToken);
        await audit.RecordAsync("signin.others_revoked", new { kept = actor.SignInId, revoked }, cancellationToken);
        return revoked;
    }
}
