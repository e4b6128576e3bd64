using MakCrm.Domain.Clients;

namespace MakCrm.Application.ClientSources;

public sealed record CreateClientSourceCommand(
    string Code,
    string Name,
    int? Position,
    bool? Active,
    DuplicatePolicy? DuplicatePolicy
) : ICommand<ClientSourceDto>;

internal sealed class CreateClientSourceValidator : AbstractValidator<CreateClientSourceCommand>
{
    public CreateClientSourceValidator()
    {
        RuleFor(c => c.Code).ValidSourceCode();
        RuleFor(c => c.Name).RequiredText(ClientSource.MaxNameLength);
        RuleFor(c => c.Position).ValidSourcePosition();
        RuleFor(c => c.DuplicatePolicy).DefinedOrNull();
    }
}

internal sealed class CreateClientSourceHandler(IClientSourceRepository sources, TimeProvider clock)
    : ICommandHandler<CreateClientSourceCommand, ClientSourceDto>
{
    /// <summary>Where a source without a position goes: after the seeded ones, before anything placed at the
    /// end.</summary>
    private const int DefaultPosition = 100;

    public async Task<Result<ClientSourceDto>> Handle(
        CreateClientSourceCommand command,
        CancellationToken cancellationToken
    )
    {
        if (await sources.ExistsAsync(command.Code, activeOnly: false, cancellationToken))
        {
            return new Error(
                ErrorCodes.ClientSourceExists,
                $"There is already a client source with the code {command.Code}; change it with PATCH.",
                ErrorKind.Conflict
            );
        }

        var settings = new ClientSourceSettings(
            command.Name,
            command.Position ?? DefaultPosition,
            command.Active ?? true,
            command.DuplicatePolicy ?? DuplicatePolicy.Link
        );
        var source = ClientSource.Create(clock.NewId(), command.Code, settings, clock.UtcNowMicroseconds());
        sources.Add(source);
        return ClientSourceDto.From(source);
    }
}
