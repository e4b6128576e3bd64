using MakCrm.Domain.Common;

namespace MakCrm.Domain.Organizations;

/// <summary>The head office, a partner company or a franchisee. Users and the data they own belong to one organization.</summary>
public sealed class Organization : AggregateRoot
{
    /// <summary>The head office exists from the first migration on, with this id.</summary>
    public static readonly Guid HeadOfficeId = new("0192f0c1-0000-7000-8000-000000000001");

    private Organization()
    {
    }

    private Organization(Guid id, DateTimeOffset now)
        : base(id, now)
    {
    }

    public OrganizationKind Kind { get; private set; }

    public string Name { get; private set; } = "";

    public LegalForm? LegalForm { get; private set; }

    public string? Inn { get; private set; }

    public string? City { get; private set; }

    public string? Niche { get; private set; }

    public string? ContactPhone { get; private set; }

    public string? ContactEmail { get; private set; }

    public OrganizationStatus Status { get; private set; }

    /// <summary>
    /// A franchisee's grade (a code head office assigns, e.g. <c>gold</c>); lots can be limited to some grades.
    /// </summary>
    public string? Grade { get; private set; }

    /// <summary>
    /// The user who owns a partner's or franchisee's organization: the one who registered it (or was first invited to it).
    /// The owner manages its colleagues and edits the organization's profile; head office has no owner.
    /// </summary>
    public Guid? OwnerUserId { get; private set; }

    /// <summary>Why head office rejected the registration.</summary>
    public string? RejectionReason { get; private set; }

    public static Organization CreateActive(Guid id, OrganizationKind kind, string name, DateTimeOffset now, string? city = null) =>
        new(id, now) { Kind = kind, Name = TextNormalizer.Collapse(name), City = TextNormalizer.CollapseOrNull(city), Status = OrganizationStatus.Active };

    public bool IsHeadOffice => Kind == OrganizationKind.HeadOffice;

    /// <summary>A partner or franchisee that registered itself; it works once head office approves it.</summary>
    public static Organization Register(Guid id, OrganizationRegistration registration, DateTimeOffset now) => new(id, now)
    {
        Kind = registration.Kind,
        Name = TextNormalizer.Collapse(registration.Name),
        LegalForm = registration.LegalForm,
        Inn = registration.Inn,
        City = TextNormalizer.CollapseOrNull(registration.City),
        Niche = TextNormalizer.CollapseOrNull(registration.Niche),
        ContactPhone = registration.ContactPhone,
        ContactEmail = registration.ContactEmail,
        Status = OrganizationStatus.Pending,
    };

    /// <summary>Makes the user the organization's owner, unless it has one already or is head office.</summary>
    public void ClaimOwnership(Guid userId, DateTimeOffset now)
    {
        if (OwnerUserId is null && !IsHeadOffice)
        {
            OwnerUserId = userId;
            Touch(now);
        }
    }

    public const int MaxGradeLength = 32;

    /// <summary>Sets or clears the grade (trimmed, lower-case).</summary>
    public void SetGrade(string? grade, DateTimeOffset now)
    {
        Grade = TextNormalizer.TrimOrNull(grade)?.ToLowerInvariant();
        Touch(now);
    }

    public Result<Unit> Approve(DateTimeOffset now)
    {
        var allowed = Check(new OnlyPendingRegistrationsAreDecided(Status));
        if (allowed.IsSuccess)
        {
            Status = OrganizationStatus.Active;
            Touch(now);
        }

        return allowed;
    }

    public Result<Unit> Reject(string reason, DateTimeOffset now)
    {
        var allowed = Check(new OnlyPendingRegistrationsAreDecided(Status));
        if (allowed.IsSuccess)
        {
            Status = OrganizationStatus.Rejected;
            RejectionReason = TextNormalizer.Collapse(reason);
            Touch(now);
        }

        return allowed;
    }
}
