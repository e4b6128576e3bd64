using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Contracts;
using MakCrm.Domain.CustomFields;
using Organization = MakCrm.Domain.Organizations.Organization;

namespace MakCrm.Application.AmoCrm;

/// <summary>The saved mapping, with the account's side of it as amoCRM answers now and what is unmapped.</summary>
public sealed record GetAmoCrmMappingQuery : IQuery<Contracts.AmoCrmMapping>;

/// <summary>Replaces the whole mapping under <c>If-Match</c> on its version.</summary>
public sealed record ReplaceAmoCrmMappingCommand(
    VersionCheck IfMatch,
    IReadOnlyList<AmoCrmStatusMapping> Statuses,
    IReadOnlyList<AmoCrmUserMapping> Users,
    IReadOnlyList<AmoCrmFieldMapping> Fields
) : ICommand<Contracts.AmoCrmMapping>;

/// <summary>What a mapping says and leaves out, against the account's catalogue.</summary>
public static class AmoCrmMappingRules
{
    /// <summary>The MaK fields a lead's custom field may fill, and those a contact's may.</summary>
    private static readonly AmoCrmFieldTarget[] LeadTargets =
    [
        AmoCrmFieldTarget.Amount,
        AmoCrmFieldTarget.Product,
        AmoCrmFieldTarget.Source,
        AmoCrmFieldTarget.City,
        AmoCrmFieldTarget.Consent,
        AmoCrmFieldTarget.CustomField,
    ];

    private static readonly AmoCrmFieldTarget[] ContactTargets =
    [
        AmoCrmFieldTarget.City,
        AmoCrmFieldTarget.Phone,
        AmoCrmFieldTarget.Email,
        AmoCrmFieldTarget.CustomField,
    ];

    public static bool Fits(AmoCrmEntity entity, AmoCrmFieldTarget target) =>
        (entity == AmoCrmEntity.Leads ? LeadTargets : ContactTargets).Contains(target);

    /// <summary>The code of the predefined multitext field a target must come from, if it must.</summary>
    public static string? RequiredCode(AmoCrmFieldTarget target) =>
        target switch
        {
            AmoCrmFieldTarget.Phone => "PHONE",
            AmoCrmFieldTarget.Email => "EMAIL",
            _ => null,
        };

    /// <summary>The custom field definitions a field of the amoCRM entity may fill: a lead's fill a MaK lead's or its
    /// deal's, a contact's a client's.</summary>
    public static bool Fits(AmoCrmEntity entity, CustomFieldEntity definition) =>
        entity == AmoCrmEntity.Leads
            ? definition is CustomFieldEntity.Lead or CustomFieldEntity.Deal
            : definition == CustomFieldEntity.Client;

    public static AmoCrmUnmapped Unmapped(AmoCrmCatalogue catalogue, StoredAmoCrmMapping mapping)
    {
        var statuses = mapping.Statuses.Select(s => (s.AmoPipelineId, s.AmoStatusId)).ToHashSet();
        var users = mapping.Users.Select(u => u.AmoUserId).ToHashSet();
        var fields = mapping.Fields.Select(f => (f.Entity, f.AmoFieldId)).ToHashSet();
        return new AmoCrmUnmapped(
            [
                .. from p in catalogue.Pipelines
                from s in p.Statuses
                where !statuses.Contains((p.Id, s.Id))
                select new AmoCrmStatusRef(p.Id, s.Id),
            ],
            [.. catalogue.Users.Where(u => !users.Contains(u.Id)).Select(u => u.Id)],
            [
                .. catalogue
                    .Fields.Where(f => !fields.Contains((f.Entity, f.Id)))
                    .Select(f => new AmoCrmFieldRef(f.Entity, f.Id)),
            ]
        );
    }

    /// <summary>The answer: the mapping, the catalogue with each amoCRM user's suggested MaK user (the active
    /// head-office user with the same e-mail), and what is unmapped.</summary>
    public static Contracts.AmoCrmMapping Answer(
        AmoCrmCatalogue catalogue,
        StoredAmoCrmMapping mapping,
        IReadOnlyList<HeadOfficeUser> headOffice
    )
    {
        var byEmail = headOffice
            .GroupBy(u => u.Email, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Id, StringComparer.OrdinalIgnoreCase);
        var suggested = catalogue with
        {
            Users =
            [
                .. catalogue.Users.Select(u =>
                    u with
                    {
                        SuggestedUserId =
                            u.Email is { } email && byEmail.TryGetValue(email.Trim(), out var id) ? id : null,
                    }
                ),
            ],
        };
        return new Contracts.AmoCrmMapping(
            mapping.Version,
            mapping.Statuses,
            mapping.Users,
            mapping.Fields,
            mapping.UpdatedAt,
            suggested,
            Unmapped(catalogue, mapping)
        );
    }
}

internal sealed class ReplaceAmoCrmMappingValidator : AbstractValidator<ReplaceAmoCrmMappingCommand>
{
    public ReplaceAmoCrmMappingValidator()
    {
        RuleFor(c => c.Statuses).NotNull();
        RuleFor(c => c.Users).NotNull();
        RuleFor(c => c.Fields).NotNull();
        RuleForEach(c => c.Statuses)
            .Must(s => (s.LeadStatus is null) != (s.StageId is null))
            .WithMessage("Must name a MaK lead status (leadStatus) or a pipeline stage (stageId), not both.")
            .Must(
                (c, s) =>
                    c.Statuses.Count(o => (o.AmoPipelineId, o.AmoStatusId) == (s.AmoPipelineId, s.AmoStatusId)) == 1
            )
            .WithMessage("Maps an amoCRM status another item maps too.");
        RuleForEach(c => c.Users)
            .Must((c, u) => c.Users.Count(o => o.AmoUserId == u.AmoUserId) == 1)
            .WithMessage("Maps an amoCRM user another item maps too.");
        RuleForEach(c => c.Fields)
            .Must(f => (f.Target == AmoCrmFieldTarget.CustomField) == (f.CustomFieldId is not null))
            .WithMessage("Must name customFieldId when target is custom_field, and only then.")
            .Must(f => AmoCrmMappingRules.Fits(f.Entity, f.Target))
            .WithMessage(
                "Maps to a MaK field this amoCRM entity cannot fill (leads: amount, product, source, city, consent, "
                    + "custom_field; contacts: city, phone, email, custom_field)."
            )
            .Must((c, f) => c.Fields.Count(o => (o.Entity, o.AmoFieldId) == (f.Entity, f.AmoFieldId)) == 1)
            .WithMessage("Maps an amoCRM field another item maps too.")
            .Must(
                (c, f) =>
                    c.Fields.Count(o =>
                        f.Target == AmoCrmFieldTarget.CustomField
                            ? o.CustomFieldId == f.CustomFieldId
                            : (o.Entity, o.Target) == (f.Entity, f.Target)
                    ) == 1
            )
            .WithMessage("Fills a MaK field another item fills too.");
    }
}

internal sealed class GetAmoCrmMappingHandler(IAmoCrmReader amo, IAmoCrmMappings mappings)
    : IQueryHandler<GetAmoCrmMappingQuery, Contracts.AmoCrmMapping>
{
    public async Task<Result<Contracts.AmoCrmMapping>> Handle(
        GetAmoCrmMappingQuery query,
        CancellationToken cancellationToken
    )
    {
        var read = await amo.CatalogueAsync(cancellationToken);
        if (!read.IsSuccess)
        {
            return read.Error!;
        }

        var (accountId, catalogue) = read.Value;
        return AmoCrmMappingRules.Answer(
            catalogue,
            await mappings.FindAsync(accountId, cancellationToken),
            await mappings.HeadOfficeUsersAsync(cancellationToken)
        );
    }
}

internal sealed class ReplaceAmoCrmMappingHandler(
    IAmoCrmReader amo,
    IAmoCrmMappings mappings,
    ILeadStatusRepository statuses,
    IPipelineRepository pipelines,
    ICustomFieldDefinitionRepository definitions,
    IUserDirectory users,
    TimeProvider clock
) : ICommandHandler<ReplaceAmoCrmMappingCommand, Contracts.AmoCrmMapping>
{
    public async Task<Result<Contracts.AmoCrmMapping>> Handle(
        ReplaceAmoCrmMappingCommand command,
        CancellationToken cancellationToken
    )
    {
        var read = await amo.CatalogueAsync(cancellationToken);
        if (!read.IsSuccess)
        {
            return read.Error!;
        }

        var (accountId, catalogue) = read.Value;
        var current = await mappings.LockAsync(accountId, cancellationToken);
        var precondition = command.IfMatch.Require(current.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var errors = new Dictionary<string, string[]>();
        CheckAmoCrmSide(command, catalogue, errors);
        await CheckMakSideAsync(command, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return Error.Validation(errors);
        }

        var saved = await mappings.ReplaceAsync(
            accountId,
            new StoredAmoCrmMapping(
                current.Version + 1,
                command.Statuses,
                command.Users,
                command.Fields,
                clock.UtcNowMicroseconds()
            ),
            cancellationToken
        );
        return AmoCrmMappingRules.Answer(catalogue, saved, await mappings.HeadOfficeUsersAsync(cancellationToken));
    }

    private static void CheckAmoCrmSide(
        ReplaceAmoCrmMappingCommand command,
        AmoCrmCatalogue catalogue,
        Dictionary<string, string[]> errors
    )
    {
        var statuses = catalogue.Pipelines.SelectMany(p => p.Statuses.Select(s => (p.Id, s.Id))).ToHashSet();
        for (var i = 0; i < command.Statuses.Count; i++)
        {
            var s = command.Statuses[i];
            if (!statuses.Contains((s.AmoPipelineId, s.AmoStatusId)))
            {
                errors[$"statuses[{i}].amoStatusId"] =
                [
                    $"The amoCRM pipeline {s.AmoPipelineId} has no status {s.AmoStatusId}.",
                ];
            }
        }

        var amoUsers = catalogue.Users.Select(u => u.Id).ToHashSet();
        for (var i = 0; i < command.Users.Count; i++)
        {
            if (!amoUsers.Contains(command.Users[i].AmoUserId))
            {
                errors[$"users[{i}].amoUserId"] = [$"The amoCRM account has no user {command.Users[i].AmoUserId}."];
            }
        }

        for (var i = 0; i < command.Fields.Count; i++)
        {
            var f = command.Fields[i];
            var field = catalogue.Fields.FirstOrDefault(c => c.Entity == f.Entity && c.Id == f.AmoFieldId);
            if (field is null)
            {
                errors[$"fields[{i}].amoFieldId"] = [$"The amoCRM account has no {f.Entity} field {f.AmoFieldId}."];
            }
            else if (AmoCrmMappingRules.RequiredCode(f.Target) is { } code && field.Code != code)
            {
                errors[$"fields[{i}].target"] = [$"Must come from the contacts' multitext field {code}."];
            }
        }
    }

    private async Task CheckMakSideAsync(
        ReplaceAmoCrmMappingCommand command,
        Dictionary<string, string[]> errors,
        CancellationToken cancellationToken
    )
    {
        var codes = (await statuses.CodesAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var stages = (await pipelines.ListAsync(cancellationToken))
            .Where(p => !p.Archived)
            .SelectMany(p => p.Stages.Select(s => s.Id))
            .ToHashSet();
        for (var i = 0; i < command.Statuses.Count; i++)
        {
            var s = command.Statuses[i];
            if (s.LeadStatus is { } code && !codes.Contains(code))
            {
                errors[$"statuses[{i}].leadStatus"] = [$"No MaK lead status has the code {code}."];
            }

            if (s.StageId is { } stage && !stages.Contains(stage))
            {
                errors[$"statuses[{i}].stageId"] = [$"No pipeline in use has the stage {stage}."];
            }
        }

        for (var i = 0; i < command.Users.Count; i++)
        {
            var user = await users.FindActiveAsync(command.Users[i].UserId, cancellationToken);
            if (user?.OrganizationId != Organization.HeadOfficeId)
            {
                errors[$"users[{i}].userId"] =
                [
                    $"No active head-office user has the id {command.Users[i].UserId} (the sync never creates users).",
                ];
            }
        }

        for (var i = 0; i < command.Fields.Count; i++)
        {
            var f = command.Fields[i];
            if (f.CustomFieldId is not { } id)
            {
                continue;
            }

            var definition = await definitions.FindAsync(id, cancellationToken);
            if (definition is null || definition.Archived || !AmoCrmMappingRules.Fits(f.Entity, definition.Entity))
            {
                errors[$"fields[{i}].customFieldId"] =
                [
                    $"No custom field definition in use with the id {id} is of "
                        + (f.Entity == AmoCrmEntity.Leads ? "leads or deals." : "clients."),
                ];
            }
        }
    }
}
