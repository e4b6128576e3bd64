using MakCrm.Domain.Clients;

namespace MakCrm.Application.ClientSources;

/// <summary>A JSON merge patch of a client source; the code never changes.</summary>
public sealed record UpdateClientSourceCommand(
    string Code,
    VersionCheck IfMatch,
    Patch<string> Name,
    Patch<int> Position,
    Patch<bool> Active,
    Patch<DuplicatePolicy> DuplicatePolicy
) : ICommand<ClientSourceDto>;

internal sealed class UpdateClientSourceValidator : AbstractValidator<UpdateClientSourceCommand>
{
    public UpdateClientSourceValidator()
    {
        When(
            c => c.Name.IsPresent,
            () =>
                RuleFor(c => (string?)c.Name.Value)
                    .RequiredText(ClientSource.MaxNameLength)
                    .OverridePropertyName("name")
        );
        When(
            c => c.Position.IsPresent,
            () => RuleFor(c => (int?)c.Position.Value).ValidSourcePosition().OverridePropertyName("position")
        );
        When(
            c => c.DuplicatePolicy.IsPresent,
            () => RuleFor(c => c.DuplicatePolicy.Value).Defined().OverridePropertyName("duplicatePolicy")
        );
    }
}

internal sealed class UpdateClientSourceHandler(IClientSourceRepository sources, TimeProvider clock)
    : ICommandHandler<UpdateClientSourceCommand, ClientSourceDto>
{
    public async Task<Result<ClientSourceDto>> Handle(
        UpdateClientSourceCommand command,
        CancellationToken cancellationToken
    )
    {
        var source = await sources.FindAsync(command.Code, cancellationToken);
        if (source is null)
        {
            return new Error(ErrorCodes.NotFound, $"Client source {command.Code} was not found.", ErrorKind.NotFound);
        }

        var precondition = command.IfMatch.Require(source.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var current = source.Settings;
        source.Update(
            new ClientSourceSettings(
                command.Name.Or(current.Name),
                command.Position.Or(current.Position),
                command.Active.Or(current.Active),
                command.DuplicatePolicy.Or(current.DuplicatePolicy)
            ),
            clock.UtcNowMicroseconds()
        );
        return ClientSourceDto.From(source);
    }
}
