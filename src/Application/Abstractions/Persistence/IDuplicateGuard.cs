using MakCrm.Domain.Leads;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>
/// Duplicate control's access to the database: serialising the requests that carry the same contacts, and finding
/// the open lead a new one repeats. Both work inside the caller's transaction.
/// </summary>
public interface IDuplicateGuard
{
    /// <summary>
    /// Waits until no other transaction holds the lock of any of these contacts and takes them until the current
    /// transaction ends, so that a lookup followed by an insert cannot interleave with another one for the same contacts.
    /// </summary>
    Task LockAsync(DuplicateKeys keys, CancellationToken cancellationToken);

    /// <summary>
    /// The earliest live lead in an open or auction status, in any organization, whose client has the phone or one of
    /// the e-mails; <c>null</c> if none. The intake writes its leads at once (<see cref="ILeadIntakeWriter"/>), so an
    /// import's earlier rows count.
    /// </summary>
    Task<DuplicateMatch?> FindOriginalAsync(DuplicateKeys keys, CancellationToken cancellationToken);
}

/// <summary>The normalised contacts a lead is matched by: an E.164 phone and lower-case e-mails.</summary>
public sealed record DuplicateKeys(string Phone, IReadOnlyList<string> Emails)
{
    /// <summary>The advisory-lock keys, sorted so that every transaction takes them in the same order (no deadlocks).</summary>
    public IReadOnlyList<string> LockKeys =>
        Emails.Select(e => "lead-contact:email:" + e).Append("lead-contact:phone:" + Phone).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
