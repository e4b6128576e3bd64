using MakCrm.Domain.Leads;

namespace MakCrm.Application.Leads;

/// <summary>The <c>status</c> field of lead requests: a code of a configured status, else a per-field 400.</summary>
internal static class LeadStatusField
{
    public static async Task<Error> Unknown(
        ILeadStatusRepository statuses,
        string code,
        CancellationToken cancellationToken
    ) => Unknown(code, await statuses.CodesAsync(cancellationToken));

    public static Error Unknown(string code, IReadOnlyList<string> known) =>
        Error.Validation("status", $"Is not a lead status: '{code}'. Must be one of: {string.Join(", ", known)}.");

    /// <summary>Whether the actor may put a lead into the status: <c>null</c> when it may, else the refusal.</summary>
    public static Error? MayEnter(string status, IReadOnlyList<string> allowedRoles, ICurrentActor actor) =>
        new StatusMustAllowRole(status, allowedRoles, actor.Roles) is { } rule && rule.IsBroken() ? rule.Error : null;

    /// <summary>Whether the actor may create a lead in the status: <c>null</c> when it may, else the refusal.</summary>
    public static Error? MayStartIn(
        string status,
        bool initial,
        IReadOnlyList<string> allowedRoles,
        ICurrentActor actor
    ) =>
        new LeadMustStartInInitialStatus(status, initial) is { } rule && rule.IsBroken()
            ? rule.Error
            : MayEnter(status, allowedRoles, actor);

    public static LeadActor AsLeadActor(this ICurrentActor actor) => new(actor.UserId, actor.ClientId);
}
