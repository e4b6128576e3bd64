using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Contracts;

namespace MakCrm.Application.AmoCrm;

/// <summary>Head office's choice of which side wins each field the sync keeps in step; a field left out takes its
/// declared direction (<see cref="AmoCrmSyncRules.Declared"/>).</summary>
public sealed record ReplaceAmoCrmSyncDirectionsCommand(IReadOnlyList<AmoCrmFieldDirection> Directions)
    : ICommand<Contracts.AmoCrmSync>;

internal sealed class ReplaceAmoCrmSyncDirectionsValidator : AbstractValidator<ReplaceAmoCrmSyncDirectionsCommand>
{
    public ReplaceAmoCrmSyncDirectionsValidator()
    {
        RuleFor(c => c.Directions)
            .Must(directions =>
                directions.Select(d => d.Field).Distinct(StringComparer.Ordinal).Count() == directions.Count
            )
            .WithMessage("Each field may be named once.");
        RuleForEach(c => c.Directions)
            .Must(d => AmoCrmSyncRules.Declared(d.Entity).Any(f => f.Field == d.Field))
            .WithMessage(d =>
                "The sync keeps these fields in step: leads' "
                + $"{string.Join(", ", AmoCrmSyncRules.LeadFields.Select(f => f.Field))}; contacts' "
                + $"{string.Join(", ", AmoCrmSyncRules.ContactFields.Select(f => f.Field))}."
            );
    }
}

internal sealed class ReplaceAmoCrmSyncDirectionsHandler(IAmoCrmSync sync)
    : ICommandHandler<ReplaceAmoCrmSyncDirectionsCommand, Contracts.AmoCrmSync>
{
    public Task<Result<Contracts.AmoCrmSync>> Handle(
        ReplaceAmoCrmSyncDirectionsCommand command,
        CancellationToken cancellationToken
    ) =>
        sync.ReplaceDirectionsAsync(
            command.Directions.ToDictionary(d => d.Field, d => d.Direction, StringComparer.Ordinal),
            cancellationToken
        );
}
