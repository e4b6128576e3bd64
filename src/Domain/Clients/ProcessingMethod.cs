namespace MakCrm.Domain.Clients;

/// <summary>
/// How the client is worked (specification 2.1.1, «способ/принцип обработки»): by head office's call centre, by the
/// partner who brought them, by a franchisee who took the lead, or by the client on their own (site, bot).
/// </summary>
public enum ProcessingMethod
{
    CallCenter,
    Partner,
    Franchisee,
    SelfService,
}
