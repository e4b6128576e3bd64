using MakCrm.Domain.Clients;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>
/// Everything a lead submitted with contact data needs to know before it is written, read in one round trip inside the
/// caller's transaction and in this order: the status, share-locked so that it cannot be deleted before the lead is
/// committed; the source; the contacts' duplicate-control locks (<see cref="IDuplicateGuard.LockAsync"/>); then, under
/// those locks, the organization's client with the phone (share-locked) and the open lead the submission repeats
/// (<see cref="IDuplicateGuard.FindOriginalAsync"/>). Saved rows only: a batch of submissions counts the clients and
/// leads it made itself.
/// </summary>
public interface IContactIntakeReads
{
    Task<ContactIntakeState> LockAndReadAsync(ContactIntakeQuery query, CancellationToken cancellationToken);
}

public sealed record ContactIntakeQuery(string StatusCode, string SourceCode, Guid OrganizationId, DuplicateKeys Keys);

/// <param name="Status"><c>null</c> when no status has the code.</param>
/// <param name="Source"><c>null</c> when no source has the code.</param>
/// <param name="ExistingClient">The organization's earliest live client with the phone, if any.</param>
public sealed record ContactIntakeState(
    IntakeStatus? Status,
    IntakeSource? Source,
    IntakeClient? ExistingClient,
    DuplicateMatch? Original
);

/// <summary>An existing client the intake found: its id and name (its phone is the one looked up).</summary>
public sealed record IntakeClient(Guid Id, string FullName);

/// <summary>What the intake needs of the status a lead is created in.</summary>
public sealed record IntakeStatus(bool Initial, IReadOnlyList<string> AllowedRoles);

public sealed record IntakeSource(bool Active, DuplicatePolicy DuplicatePolicy);
