using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Clients;

/// <summary>A borrower: a person who asks MaK for a loan.</summary>
public sealed class Client : AggregateRoot, IOrganizationOwned
{
    public const int MaxFullNameLength = 200;
    public const int MaxCityLength = 100;

    private Client() { }

    private Client(Guid id, DateTimeOffset now)
        : base(id, now) { }

    /// <summary>The organization that owns the client and sees it.</summary>
    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.Blocks;

    public string FullName { get; private set; } = "";

    /// <summary>E.164, as <see cref="PhoneNumber"/> made it.</summary>
    public string Phone { get; private set; } = "";

    /// <summary>Trimmed and lower-case, as <see cref="EmailAddress"/> made it.</summary>
    public string? Email { get; private set; }

    public string? City { get; private set; }

    /// <summary>The code of a <see cref="ClientSource"/>.</summary>
    public string Source { get; private set; } = "";

    public ProcessingMethod? ProcessingMethod { get; private set; }

    /// <summary>Normalised by <see cref="ClientTags"/>.</summary>
    public string[] Tags { get; private set; } = [];

    public DateTimeOffset? ConsentGivenAt { get; private set; }

    public string? ConsentTextVersion { get; private set; }

    public DateTimeOffset? ConsentWithdrawnAt { get; private set; }

    /// <summary>The integrator's reference, attribution and metadata (see <see cref="IntegrationData"/>).</summary>
    public string? ExternalRef { get; private set; }

    /// <summary>Who set <see cref="ExternalRef"/>: the reference is unique per organization and owner.</summary>
    public string? ExternalRefOwner { get; private set; }

    public Attribution? Attribution { get; private set; }

    public IReadOnlyDictionary<string, string> Metadata { get; private set; } = IntegrationMetadata.Empty;

    /// <summary>The values of its custom fields: a JSON object under the definitions' keys, each in its type's form
    /// (see <see cref="Domain.CustomFields.CustomFieldDefinition"/>); <c>{}</c> when it has none.</summary>
    public string CustomFields { get; private set; } = "{}";

    /// <summary>Replaces the custom fields' values, checked against the definitions; the version moves once per
    /// request.</summary>
    public void SetCustomFields(string values, DateTimeOffset now)
    {
        CustomFields = values;
        if (UpdatedAt != now)
        {
            Touch(now);
        }
    }

    public static Client Create(
        Guid id,
        Guid organizationId,
        ClientDetails details,
        DateTimeOffset now,
        IntegrationData? integration = null
    )
    {
        var data = integration ?? IntegrationData.None;
        var client = new Client(id, now)
        {
            OrganizationId = organizationId,
            ExternalRef = data.ExternalRef?.Value,
            ExternalRefOwner = data.ExternalRef?.Owner,
            Attribution = data.Attribution?.Normalized(),
            Metadata = data.Metadata,
        };
        client.Apply(Normalize(details));
        return client;
    }

    /// <summary>Applies the details; an update that changes nothing keeps the version.</summary>
    public void Update(ClientDetails details, DateTimeOffset now)
    {
        var normalized = Normalize(details);
        if (normalized.SameAs(Details))
        {
            return;
        }

        Apply(normalized);
        Touch(now);
    }

    /// <summary>Replaces the attribution and the metadata; the version moves once per request, and only if something
    /// changed.</summary>
    public void Retag(Attribution? attribution, IReadOnlyDictionary<string, string> metadata, DateTimeOffset now)
    {
        if (IntegrationData.Retagged(Attribution, Metadata, attribution, metadata) is not { } changed)
        {
            return;
        }

        (Attribution, Metadata) = changed;
        if (UpdatedAt != now)
        {
            Touch(now);
        }
    }

    public ClientDetails Details =>
        new(
            FullName,
            PhoneNumber.FromE164(Phone),
            Email is null ? null : EmailAddress.FromStored(Email),
            City,
            Source,
            ProcessingMethod,
            Tags,
            ConsentGivenAt is { } givenAt ? new ClientConsent(givenAt, ConsentTextVersion!, ConsentWithdrawnAt) : null
        );

    public Result<Unit> Delete(int activeLeadCount, DateTimeOffset now)
    {
        var allowed = Check(new ClientWithLeadsCannotBeDeleted(activeLeadCount));
        if (allowed.IsSuccess)
        {
            MarkDeleted(now);
        }

        return allowed;
    }

    private static ClientDetails Normalize(ClientDetails details) =>
        details with
        {
            FullName = TextNormalizer.Collapse(details.FullName),
            City = TextNormalizer.CollapseOrNull(details.City),
            Tags = ClientTags.Normalize(details.Tags),
            Consent = details.Consent?.Normalized(),
        };

    private void Apply(ClientDetails details)
    {
        FullName = details.FullName;
        Phone = details.Phone.Value;
        Email = details.Email?.Value;
        City = details.City;
        Source = details.Source;
        ProcessingMethod = details.ProcessingMethod;
        Tags = [.. details.Tags];
        ConsentGivenAt = details.Consent?.GivenAt;
        ConsentTextVersion = details.Consent?.TextVersion;
        ConsentWithdrawnAt = details.Consent?.WithdrawnAt;
    }
}

/// <summary>What a client is made of, as one value, for creation and for merge patches.</summary>
public sealed record ClientDetails(
    string FullName,
    PhoneNumber Phone,
    EmailAddress? Email,
    string? City,
    string Source,
    ProcessingMethod? ProcessingMethod,
    IReadOnlyList<string> Tags,
    ClientConsent? Consent
)
{
    /// <summary>Equal values, the tags compared as sequences (a record compares lists by reference).</summary>
    public bool SameAs(ClientDetails other) =>
        this with { Tags = Array.Empty<string>() } == other with { Tags = Array.Empty<string>() }
        && Tags.SequenceEqual(other.Tags, StringComparer.Ordinal);
}
