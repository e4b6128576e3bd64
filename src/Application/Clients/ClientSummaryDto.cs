using MakCrm.Domain.Access;

namespace MakCrm.Application.Clients;

/// <summary>Whose clients a caller may see in a lead's or a deal's client summary: the rules of the client
/// reads.</summary>
public static class ClientSummaryScope
{
    /// <summary>
    /// Every organization's clients with <c>clients.read.all</c>, the caller's organization's with
    /// <c>clients.read.own</c>, and none (<c>null</c>) without either: a caller who may read a lead but not clients
    /// sees the lead's <c>clientId</c> only.
    /// </summary>
    public static DataScope? For(ICurrentActor actor) =>
        actor.Has(Permissions.ClientsReadAll) || actor.Has(Permissions.ClientsReadOwn)
            ? DataScope.For(actor, Permissions.ClientsReadAll)
            : null;
}
