using MakCrm.Domain.BorrowerChecks;

namespace MakCrm.Domain.Organizations;

/// <summary>The head office, a partner company or a franchisee. Users and the data they own belong to one
/// organization.</summary>
public sealed class Organization : AggregateRoot
{
    /// <summary>The head office exists from the first migration on, with this id.</summary>
    public static readonly Guid HeadOfficeId = new("0192f0c1-0000-7000-8000-000000000001");

    private Organization() { }

    private Organization(Guid id, DateTimeOffset now)
        : base(id, now) { }

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
    /// The partner that recruited this organization (the referral program's level 1 above it), recorded once at
    /// registration; a loan issued on this organization's lead also pays its referrer (level 2). Null: none.
    /// </summary>
    public Guid? ReferrerOrganizationId { get; private set; }

    /// <summary>The organization's own referral code (<see cref="Organizations.ReferralCode"/>); null for head
    /// office.</summary>
    public string? ReferralCode { get; private set; }

    /// <summary>Why head office last corrected the referrer (the audit keeps every correction with its before and
    /// after).</summary>
    public string? ReferrerCorrectionReason { get; private set; }

    public const int MaxReferrerReasonLength = 1000;

    /// <summary>
    /// The user who owns a partner's or franchisee's organization: the one who registered it (or was first invited to
    /// it).
    /// The owner manages its colleagues and edits the organization's profile; head office has no owner.
    /// </summary>
    public Guid? OwnerUserId { get; private set; }

    /// <summary>Why head office rejected the registration.</summary>
    public string? RejectionReason { get; private set; }

    public string? LegalName { get; private set; }

    public string? Kpp { get; private set; }

    /// <summary>ОГРН of an ООО or ОГРНИП of an ИП.</summary>
    public string? Ogrn { get; private set; }

    public string? LegalAddress { get; private set; }

    public string? PostalAddress { get; private set; }

    public string? BankName { get; private set; }

    public string? Bik { get; private set; }

    public string? CorrespondentAccount { get; private set; }

    public string? SettlementAccount { get; private set; }

    public string? SignatoryName { get; private set; }

    public string? SignatoryPosition { get; private set; }

    /// <summary>What the signatory acts on, e.g. «Устава» or «доверенности № 5 от 01.02.2026».</summary>
    public string? SignatoryBasis { get; private set; }

    public TaxRegime? TaxRegime { get; private set; }

    public string? Website { get; private set; }

    /// <summary>The logo a cabinet shows on its sign-in page (an https address).</summary>
    public string? LogoUrl { get; private set; }

    /// <summary>What ЕГРЮЛ/ЕГРИП said when head office last checked the registration; <c>null</c> until
    /// checked.</summary>
    public BorrowerCheckOutcome? RegistrationCheckOutcome { get; private set; }

    public BorrowerCheckUnavailableReason? RegistrationCheckReason { get; private set; }

    public string? RegistrationCheckDetail { get; private set; }

    public DateTimeOffset? RegistrationCheckedAt { get; private set; }

    /// <summary>The user who ran the last check; <c>null</c> for an API client.</summary>
    public Guid? RegistrationCheckedBy { get; private set; }

    /// <summary>The last registration check, or <c>null</c> if there was none.</summary>
    public RegistrationCheck? RegistrationCheck =>
        RegistrationCheckOutcome is { } outcome && RegistrationCheckedAt is { } at
            ? new(outcome, RegistrationCheckReason, RegistrationCheckDetail, at, RegistrationCheckedBy)
            : null;

    public OrganizationProfile Profile =>
        new(
            Name,
            LegalName,
            LegalForm,
            Inn,
            Kpp,
            Ogrn,
            LegalAddress,
            PostalAddress,
            City,
            BankName,
            Bik,
            CorrespondentAccount,
            SettlementAccount,
            SignatoryName,
            SignatoryPosition,
            SignatoryBasis,
            TaxRegime,
            ContactPhone,
            ContactEmail,
            Website,
            LogoUrl
        );

    public static Organization CreateActive(
        Guid id,
        OrganizationKind kind,
        string name,
        DateTimeOffset now,
        string? city = null
    ) =>
        new(id, now)
        {
            Kind = kind,
            Name = TextNormalizer.Collapse(name),
            City = TextNormalizer.CollapseOrNull(city),
            Status = OrganizationStatus.Active,
            ReferralCode = Organizations.ReferralCode.TakesPart(kind) ? Organizations.ReferralCode.New() : null,
        };

    public bool IsHeadOffice => Kind == OrganizationKind.HeadOffice;

    /// <summary>A partner or franchisee that registered itself; it works once head office approves it.</summary>
    public static Organization Register(Guid id, OrganizationRegistration registration, DateTimeOffset now) =>
        new(id, now)
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
            ReferralCode = Organizations.ReferralCode.TakesPart(registration.Kind)
                ? Organizations.ReferralCode.New()
                : null,
        };

    /// <summary>The organization as a referrer, with what the referral rules compare.</summary>
    public ReferrerCandidate AsReferrer() => new(Id, Kind, Inn, ContactPhone);

    /// <summary>Records the partner or franchisee whose referral code the registration came with; once, and never
    /// itself.</summary>
    public Result<Unit> RecordReferrer(ReferrerCandidate referrer, DateTimeOffset now)
    {
        var allowed = Check(
            new OnlyProgramMembersRefer(Kind, referrer.Kind),
            new ReferrerIsRecordedOnce(ReferrerOrganizationId),
            new NoSelfReferral(Id, Inn, ContactPhone, referrer)
        );
        if (allowed.IsSuccess)
        {
            ReferrerOrganizationId = referrer.Id;
            Touch(now);
        }

        return allowed;
    }

    /// <summary>
    /// Head office sets another referrer, or none (<paramref name="referrer"/> null), with a reason. The same rules as
    /// at
    /// registration hold, and the chain must not loop: <paramref name="referrerChain"/> is the new referrer and its
    /// referrers upwards.
    /// </summary>
    public Result<Unit> CorrectReferrer(
        ReferrerCandidate? referrer,
        IReadOnlyCollection<Guid> referrerChain,
        string reason,
        DateTimeOffset now
    )
    {
        var allowed = referrer is null
            ? Check(new OnlyProgramMembersRefer(Kind, null))
            : Check(
                new OnlyProgramMembersRefer(Kind, referrer.Kind),
                new NoSelfReferral(Id, Inn, ContactPhone, referrer),
                new ReferralChainHasNoCycle(Id, referrerChain)
            );
        if (
            allowed.IsSuccess
            && (ReferrerOrganizationId != referrer?.Id || ReferrerCorrectionReason != TextNormalizer.Collapse(reason))
        )
        {
            ReferrerOrganizationId = referrer?.Id;
            ReferrerCorrectionReason = TextNormalizer.Collapse(reason);
            Touch(now);
        }

        return allowed;
    }

    /// <summary>Makes the user the organization's owner, unless it has one already or is head office.</summary>
    public void ClaimOwnership(Guid userId, DateTimeOffset now)
    {
        if (OwnerUserId is null && !IsHeadOffice)
        {
            OwnerUserId = userId;
            Touch(now);
        }
    }

    /// <summary>Replaces the profile when it is consistent; otherwise a validation error naming each wrong
    /// field.</summary>
    public Result<Unit> EditProfile(OrganizationProfile profile, DateTimeOffset now)
    {
        var problems = profile.Problems();
        if (problems.Count > 0)
        {
            return Error.Validation(problems);
        }

        if (profile == Profile)
        {
            return Unit.Value;
        }

        Name = TextNormalizer.Collapse(profile.Name);
        LegalName = TextNormalizer.CollapseOrNull(profile.LegalName);
        LegalForm = profile.LegalForm;
        Inn = profile.Inn;
        Kpp = profile.Kpp;
        Ogrn = profile.Ogrn;
        LegalAddress = TextNormalizer.CollapseOrNull(profile.LegalAddress);
        PostalAddress = TextNormalizer.CollapseOrNull(profile.PostalAddress);
        City = TextNormalizer.CollapseOrNull(profile.City);
        BankName = TextNormalizer.CollapseOrNull(profile.BankName);
        Bik = profile.Bik;
        CorrespondentAccount = profile.CorrespondentAccount;
        SettlementAccount = profile.SettlementAccount;
        SignatoryName = TextNormalizer.CollapseOrNull(profile.SignatoryName);
        SignatoryPosition = TextNormalizer.CollapseOrNull(profile.SignatoryPosition);
        SignatoryBasis = TextNormalizer.CollapseOrNull(profile.SignatoryBasis);
        TaxRegime = profile.TaxRegime;
        ContactPhone = profile.ContactPhone;
        ContactEmail = profile.ContactEmail;
        Website = profile.Website;
        LogoUrl = profile.LogoUrl;
        Touch(now);
        return Unit.Value;
    }

    /// <summary>Blocks an active organization: its users are signed out at once and cannot sign in. Blocking a blocked
    /// one changes nothing.</summary>
    public Result<Unit> Block(DateTimeOffset now)
    {
        var allowed = Check(
            new HeadOfficeIsNeverBlockedOrDeleted(IsHeadOffice),
            new OnlyActiveOrganizationsAreBlocked(Status)
        );
        if (allowed.IsSuccess && Status != OrganizationStatus.Blocked)
        {
            Status = OrganizationStatus.Blocked;
            Touch(now);
        }

        return allowed;
    }

    /// <summary>Lets a blocked organization work again. Unblocking an active one changes nothing.</summary>
    public Result<Unit> Unblock(DateTimeOffset now)
    {
        var allowed = Check(new OnlyBlockedOrganizationsAreUnblocked(Status));
        if (allowed.IsSuccess && Status != OrganizationStatus.Active)
        {
            Status = OrganizationStatus.Active;
            Touch(now);
        }

        return allowed;
    }

    /// <summary>Moves the organization to the trash: it disappears from lists and its users cannot sign in, until it is
    /// restored.</summary>
    public Result<Unit> MoveToTrash(DateTimeOffset now)
    {
        var allowed = Check(new HeadOfficeIsNeverBlockedOrDeleted(IsHeadOffice));
        if (allowed.IsSuccess && DeletedAt is null)
        {
            MarkDeleted(now);
        }

        return allowed;
    }

    /// <summary>Takes the organization out of the trash. Restoring one that is not in the trash changes
    /// nothing.</summary>
    public void Restore(DateTimeOffset now)
    {
        if (DeletedAt is not null)
        {
            MarkRestored(now);
        }
    }

    public bool IsInTrash => DeletedAt is not null;

    public const int MaxGradeLength = 32;

    /// <summary>Sets or clears the grade (trimmed, lower-case).</summary>
    public void SetGrade(string? grade, DateTimeOffset now)
    {
        Grade = TextNormalizer.TrimOrNull(grade)?.ToLowerInvariant();
        Touch(now);
    }

    /// <summary>Keeps what the register said about the organization's ОГРН or ИНН (the previous result is in the
    /// audit log).</summary>
    public void RecordRegistrationCheck(CheckResult result, Guid? checkedBy, DateTimeOffset now)
    {
        RegistrationCheckOutcome = result.Outcome;
        RegistrationCheckReason = result.Reason;
        RegistrationCheckDetail = result.StoredDetail;
        RegistrationCheckedAt = now;
        RegistrationCheckedBy = checkedBy;
        Touch(now);
    }

    public Result<Unit> Approve(DateTimeOffset now)
    {
        var allowed = Check(
            new OnlyPendingRegistrationsAreDecided(Status),
            new RegistrationsFoundInactiveAreNotApproved(RegistrationCheck)
        );
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
