namespace MakCrm.Application.Abstractions.Integrations;

/// <summary>The values of one custom field of an amoCRM entity (<c>custom_fields_values[]</c>).</summary>
public sealed record AmoCrmFieldValues(long FieldId, IReadOnlyList<AmoCrmFieldValue> Values);

/// <summary>One value: its text as amoCRM sent it (numbers and booleans as text), and for select and multitext
/// fields its <c>enum_id</c> and <c>enum_code</c>.</summary>
public sealed record AmoCrmFieldValue(string? Value, long? EnumId, string? EnumCode);

/// <summary>An amoCRM contact as the import reads it.</summary>
public sealed record AmoCrmContactRecord(long Id, string Name, IReadOnlyList<AmoCrmFieldValues> Fields);

/// <summary>An amoCRM lead as the import reads it: where it is, who is responsible, and its main contact (the first
/// linked one when none is marked main).</summary>
public sealed record AmoCrmLeadRecord(
    long Id,
    long PipelineId,
    long StatusId,
    long? ResponsibleUserId,
    long? MainContactId,
    IReadOnlyList<AmoCrmFieldValues> Fields
);

/// <summary>Every contact and lead of the account, in id order, and how many companies it holds.</summary>
public sealed record AmoCrmRecords(
    IReadOnlyList<AmoCrmContactRecord> Contacts,
    int Companies,
    IReadOnlyList<AmoCrmLeadRecord> Leads
);

/// <summary>
/// The connected amoCRM account read through its API (every request through the account's shared rate limiter,
/// every HAL page followed by <c>_links.next</c> until a page has none or amoCRM answers 204). A connection that has
/// stopped, or an account that cannot be reached, is an error: <c>amocrm_token_refused</c>,
/// <c>amocrm_account_blocked</c> or <c>amocrm_unreachable</c>; no account connected is a 404.
/// </summary>
public interface IAmoCrmReader
{
    /// <summary>The account's pipelines with their statuses, its users (no suggestions), and the custom fields of
    /// leads and contacts.</summary>
    Task<Result<AmoCrmSnapshot>> CatalogueAsync(CancellationToken cancellationToken);

    /// <summary>Every contact and lead (with their contacts) of the account, and the count of its companies.</summary>
    Task<Result<AmoCrmRecords>> RecordsAsync(CancellationToken cancellationToken);
}

/// <summary>The account amoCRM answered for, and its catalogue.</summary>
public sealed record AmoCrmSnapshot(long AccountId, Contracts.AmoCrmCatalogue Catalogue);

/// <summary>The saved mapping of an amoCRM account: its version (0 before the first save) and its three
/// lists.</summary>
public sealed record StoredAmoCrmMapping(
    int Version,
    IReadOnlyList<Contracts.AmoCrmStatusMapping> Statuses,
    IReadOnlyList<Contracts.AmoCrmUserMapping> Users,
    IReadOnlyList<Contracts.AmoCrmFieldMapping> Fields,
    DateTimeOffset? UpdatedAt
)
{
    public static StoredAmoCrmMapping Empty { get; } = new(0, [], [], [], null);
}

/// <summary>An active head-office user and the e-mail they sign in with.</summary>
public sealed record HeadOfficeUser(Guid Id, string Email);

/// <summary>
/// The mapping between an amoCRM account and MaK, one per account. It is replaced whole, in the command's
/// transaction, under a lock that serialises replacing it across instances, with its audit line.
/// </summary>
public interface IAmoCrmMappings
{
    /// <summary>The saved mapping of the account; <see cref="StoredAmoCrmMapping.Empty"/> before the first
    /// save.</summary>
    Task<StoredAmoCrmMapping> FindAsync(long accountId, CancellationToken cancellationToken);

    /// <summary>The saved mapping, read under the account's mapping lock (held until the transaction ends).</summary>
    Task<StoredAmoCrmMapping> LockAsync(long accountId, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="mapping"/> as the account's (its version the next one) with an audit line, in
    /// the command's transaction; answers what was stored.</summary>
    Task<StoredAmoCrmMapping> ReplaceAsync(
        long accountId,
        StoredAmoCrmMapping mapping,
        CancellationToken cancellationToken
    );

    /// <summary>The active users of head office, for the suggestions by e-mail.</summary>
    Task<IReadOnlyList<HeadOfficeUser>> HeadOfficeUsersAsync(CancellationToken cancellationToken);
}
