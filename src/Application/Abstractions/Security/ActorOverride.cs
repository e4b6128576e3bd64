namespace MakCrm.Application.Abstractions.Security;

/// <summary>
/// Whom work outside a request acts for — an import that a background worker runs on behalf of its uploader. Set once
/// at the start of a DI scope; that scope's <see cref="ICurrentActor"/> and <see cref="IRequestContext"/> then answer
/// with this actor instead of the HTTP caller, so the use cases, their history entries and the audit log name them.
/// </summary>
public sealed class ActorOverride
{
    public OnBehalfOf? Actor { get; private set; }

    public void ActAs(OnBehalfOf actor)
    {
        if (Actor is not null && Actor != actor)
        {
            throw new InvalidOperationException("A scope acts for one actor only.");
        }

        Actor = actor;
    }
}

/// <summary>
/// The user or API client that started the work, their organization and their roles now. It holds no permission: every
/// data scope it asks for is its organization's own (<see cref="ICurrentActor.Has"/> is false), which is what an import
/// into an organization may touch; the roles limit the lead statuses it may create leads in, as for the same request.
/// </summary>
public sealed record OnBehalfOf(Guid OrganizationId, Guid? UserId, string? ClientId, IReadOnlyList<string> Roles);
