using MakCrm.Domain.Access;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Leads;

/// <summary>
/// Whether a lead with this phone and/or e-mail would repeat an open lead — asked before creating one. It reads only:
/// the contacts are normalised by the clients' own value objects (<see cref="PhoneNumber"/>,
/// <see cref="EmailAddress"/>),
/// as the intake normalises them, and matched by the duplicate control's own lookup (<see cref="IDuplicateGuard"/>).
/// </summary>
public sealed record CheckDuplicatesQuery(string? Phone, string? Email) : IQuery<DuplicateCheckDto>;

/// <param name="Exists">Whether any organization has an open lead with the contacts.</param>
/// <param name="Leads">Those of them the caller may read (its organization's; every one with <c>leads.read.all</c>),
/// earliest first.</param>
/// <param name="Elsewhere">Whether there is one the caller may not read; nothing more is told of it.</param>
public sealed record DuplicateCheckDto(bool Exists, IReadOnlyList<Contracts.DuplicateCheckLead> Leads, bool Elsewhere);

internal sealed class CheckDuplicatesValidator : AbstractValidator<CheckDuplicatesQuery>
{
    public CheckDuplicatesValidator()
    {
        RuleFor(q => q.Phone)
            .Must((q, phone) => !string.IsNullOrWhiteSpace(phone) || !string.IsNullOrWhiteSpace(q.Email))
            .WithMessage("Give a phone, an e-mail or both.");
        RuleFor(q => q.Phone).ValidPhone().When(q => !string.IsNullOrWhiteSpace(q.Phone));
        RuleFor(q => q.Email).ValidEmailOrEmpty();
    }
}

internal sealed class CheckDuplicatesHandler(IDuplicateGuard duplicates, ICurrentActor actor)
    : IQueryHandler<CheckDuplicatesQuery, DuplicateCheckDto>
{
    /// <summary>How many of the caller's own matching leads are listed; the earliest is the one a new lead would
    /// repeat.</summary>
    public const int MaxLeads = 20;

    public async Task<Result<DuplicateCheckDto>> Handle(CheckDuplicatesQuery query, CancellationToken cancellationToken)
    {
        var phone = string.IsNullOrWhiteSpace(query.Phone) ? null : PhoneNumber.Parse(query.Phone).Value;
        IReadOnlyList<string> emails = string.IsNullOrWhiteSpace(query.Email)
            ? []
            : [EmailAddress.Parse(query.Email).Value];
        var scope = DataScope.For(actor, Permissions.LeadsReadAll);

        // A bounded window, earliest first: a contact with more open leads than that is far outside normal use.
        var matches = await duplicates.FindOpenLeadsAsync(phone, emails, MaxLeads * 5, cancellationToken);
        var visible = matches
            .Where(m => scope.Includes(m.OrganizationId))
            .Take(MaxLeads)
            .Select(m => new Contracts.DuplicateCheckLead(m.LeadId, m.Status, m.CreatedAt, m.MatchedBy))
            .ToList();
        return new DuplicateCheckDto(matches.Count > 0, visible, matches.Any(m => !scope.Includes(m.OrganizationId)));
    }
}
