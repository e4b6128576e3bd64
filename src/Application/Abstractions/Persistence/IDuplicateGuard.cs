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
    /// transaction ends, so that a lookup followed by an insert cannot interleave with another one for the same
    /// contacts.
    /// </summary>
    Task LockAsync(DuplicateKeys keys, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="LockAsync(DuplicateKeys, CancellationToken)"/> for many submissions at once: every key of them in one
    /// statement, sorted together, so that two batches sharing contacts wait for each other instead of deadlocking.
    /// </summary>
    Task LockAsync(IReadOnlyCollection<DuplicateKeys> keys, CancellationToken cancellationToken);

    /// <summary>
    /// The earliest live lead in an open or auction status, in any organization, whose client has the phone or one of
    /// the e-mails; <c>null</c> if none. Saved leads only: a batch of submissions counts the leads it made itself.
    /// </summary>
    Task<DuplicateMatch?> FindOriginalAsync(DuplicateKeys keys, CancellationToken cancellationToken);

    /// <summary><see cref="FindOriginalAsync"/> for each of <paramref name="keys"/>, in one round trip; the answers
    /// in the order of the keys.</summary>
    Task<IReadOnlyList<DuplicateMatch?>> FindOriginalsAsync(
        IReadOnlyList<DuplicateKeys> keys,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// The live leads in an open or auction status, in any organization, whose client has the phone (when given) or
    /// one of the e-mails — those <see cref="FindOriginalAsync"/> chooses the original from — earliest first, at most
    /// <paramref name="limit"/>. A plain read: it takes no locks and needs no transaction.
    /// </summary>
    Task<IReadOnlyList<OpenLeadMatch>> FindOpenLeadsAsync(
        string? phone,
        IReadOnlyList<string> emails,
        int limit,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// The organization's live clients with any of the normalised phones or e-mails — the clients an intake of those
    /// contacts finds — earliest first. A plain read for many contacts at once (a dry run of an import): it takes no
    /// locks and needs no transaction.
    /// </summary>
    Task<IReadOnlyList<ContactClient>> FindClientsAsync(
        Guid organizationId,
        IReadOnlyCollection<string> phones,
        IReadOnlyCollection<string> emails,
        CancellationToken cancellationToken
    );
}

/// <summary>A client found by its contacts: its id, its phone (E.164) and its e-mail (lower case).</summary>
public sealed record ContactClient(Guid Id, string Phone, string? Email);

/// <summary>An open lead with the contacts asked about, and which of them matched.</summary>
public sealed record OpenLeadMatch(
    Guid LeadId,
    Guid OrganizationId,
    string Status,
    DateTimeOffset CreatedAt,
    IReadOnlyList<DuplicateMatchField> MatchedBy
);

/// <summary>The normalised contacts a lead is matched by: an E.164 phone and lower-case e-mails.</summary>
public sealed record DuplicateKeys(string Phone, IReadOnlyList<string> Emails)
{
    /// <summary>The advisory-lock keys, sorted so that every transaction takes them in the same order (no
    /// deadlocks).</summary>
    public IReadOnlyList<string> LockKeys => LockKeysOf([this]);

    /// <summary>The advisory-lock keys of many submissions, sorted together.</summary>
    public static IReadOnlyList<string> LockKeysOf(IEnumerable<DuplicateKeys> keys) =>
        keys.SelectMany(k => k.Emails.Select(e => "lead-contact:email:" + e).Append("lead-contact:phone:" + k.Phone))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Which of these contacts a client's stored phone and e-mail are.</summary>
    public IReadOnlyList<DuplicateMatchField> MatchedBy(string storedPhone, string? storedEmail) =>
        MatchedBy(storedPhone, storedEmail, Phone, Emails);

    /// <summary>Which of the contacts asked about (<paramref name="phone"/>, when given, and
    /// <paramref name="emails"/>) a client's stored phone and e-mail are.</summary>
    public static IReadOnlyList<DuplicateMatchField> MatchedBy(
        string storedPhone,
        string? storedEmail,
        string? phone,
        IReadOnlyList<string> emails
    )
    {
        var matchedBy = new List<DuplicateMatchField>(2);
        if (storedPhone == phone)
        {
            matchedBy.Add(DuplicateMatchField.Phone);
        }

        if (storedEmail is not null && emails.Contains(storedEmail, StringComparer.Ordinal))
        {
            matchedBy.Add(DuplicateMatchField.Email);
        }

        return matchedBy;
    }
}
