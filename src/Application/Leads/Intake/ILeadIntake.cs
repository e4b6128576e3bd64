using MakCrm.Application.Clients;
using MakCrm.Application.Consents;
using MakCrm.Application.CustomFields;
using MakCrm.Domain.Clients;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Leads.Intake;

/// <summary>
/// Creates a lead with duplicate control, for every way a lead comes in: the API (with a client id or with contact
/// data), file imports, the Telegram bot, lead platforms, amoCRM — once per lead, or for many leads of one caller at
/// once (<see cref="SubmitAllAsync"/>).
/// <para>
/// It runs inside the caller's unit of work and never saves: the caller's commit writes the lead, a new client, the
/// history and the notifications together, and a refusal (an <see cref="Error"/>) adds nothing to the unit of work.
/// It takes transaction-scoped locks on the contacts, so it must be called inside the unit of work's transaction
/// (command handlers are). The originals it finds are saved leads, and those a batch made before
/// (<see cref="SubmitAllAsync"/>).
/// </para>
/// <para>
/// The caller validates the fields first (amount, lengths; phone and e-mail are parsed value objects). The intake
/// checks what needs the database: the client (<c>clientId</c>), the status (<c>status</c>) and the source
/// (<c>source</c>) as per-field validation errors, and the source's duplicate policy (<c>duplicate_lead</c>, 409).
/// </para>
/// </summary>
public interface ILeadIntake
{
    Task<Result<LeadIntakeOutcome>> SubmitAsync(LeadSubmission submission, CancellationToken cancellationToken);

    /// <summary>
    /// The submissions in their order, each with the outcome <see cref="SubmitAsync"/> would give it if the ones
    /// before it had been saved: a lead made earlier in the batch is an original for a later one with the same
    /// contacts, a client made earlier is the client of a later one with its phone, an external reference taken
    /// earlier is taken. What a batch can share is read once — its clients given by id with their locks and saved
    /// originals, its statuses, sources and responsibles — so that the caller saves the whole batch at once.
    /// </summary>
    Task<IReadOnlyList<Result<LeadIntakeOutcome>>> SubmitAllAsync(
        IReadOnlyList<LeadSubmission> submissions,
        CancellationToken cancellationToken
    );
}

/// <summary>A lead to create for a client; it belongs to the caller's organization. An external reference in
/// <paramref name="Integration"/> must be free (409 <c>external_ref_taken</c>); the consents' processing one is
/// stored on the lead, and each is recorded as a consent of the lead's client.</summary>
public sealed record LeadSubmission(
    LeadClient Client,
    LeadDetails Lead,
    IntegrationData? Integration = null,
    LeadConsents? Consents = null
)
{
    /// <summary>The lead's custom field values, checked and in their stored form.</summary>
    public string CustomFields { get; init; } = "{}";

    /// <summary>
    /// Whether the new lead is announced: to its responsible manager (<c>lead_assigned</c>), or, made without one, to
    /// whoever gives leads out (<c>lead_unassigned</c>, in the app and the Telegram groups). A lead submitted on its
    /// own is; an import's are not, since a notice per imported row would bury its recipients. A duplicate's notice to
    /// the original's manager goes either way: it tells of a lead they already had.
    /// </summary>
    public bool Announce { get; init; } = true;
}

/// <summary>Whom the lead is for: a known client, or contact data.</summary>
public abstract record LeadClient;

/// <summary>A client the caller may see, by id. Its phone and e-mail are matched, and its source's policy
/// applies.</summary>
public sealed record ExistingClient(Guid Id) : LeadClient;

/// <summary>
/// Contact data from a platform, the bot or a file. The caller's organization's client with this phone is reused as it
/// is; otherwise a client is created from these details. The submitted phone and e-mail are matched, and the policy
/// of the submitted (active) source applies.
/// </summary>
public sealed record SubmittedContact(
    string FullName,
    PhoneNumber Phone,
    EmailAddress? Email,
    string? City,
    string Source
) : LeadClient;

/// <summary>The lead created, whether its client was created with it, and the original when it is a
/// duplicate.</summary>
public sealed record LeadIntakeOutcome(LeadDto Lead, bool ClientCreated, Contracts.LeadDuplicate? Duplicate)
    : INamesUsers,
        ICarriesCustomFields
{
    /// <summary>The client created with the lead, as the API answers a client; <c>null</c> when an existing one was
    /// used.</summary>
    public ClientDto? NewClient { get; init; }

    public IEnumerable<Guid?> UserIds() => Lead.UserIds();

    public object WithNames(UserNames names) => this with { Lead = (LeadDto)Lead.WithNames(names) };

    public IEnumerable<CustomFieldEntity> CustomFieldEntities() => Lead.CustomFieldEntities();

    public object WithCustomFields(CustomFieldSchema fields) =>
        this with
        {
            Lead = (LeadDto)Lead.WithCustomFields(fields),
        };
}
