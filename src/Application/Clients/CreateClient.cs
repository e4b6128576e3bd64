using FluentValidation;
using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;

namespace MakCrm.Application.Clients;

public sealed record CreateClientCommand(
    string FullName,
    string Phone,
    string? Email,
    string? City,
    ClientSource Source) : ICommand<ClientDto>;

internal sealed class CreateClientValidator : AbstractValidator<CreateClientCommand>
{
    public CreateClientValidator()
    {
        RuleFor(c => c.FullName).RequiredText(Client.MaxFullNameLength);
        RuleFor(c => c.Phone).ValidPhone();
        RuleFor(c => c.Email).ValidEmailOrEmpty();
        RuleFor(c => c.City).OptionalText(Client.MaxCityLength);
        RuleFor(c => c.Source).Defined();
    }
}

internal sealed class CreateClientHandler(IClientRepository clients, ICurrentActor actor, TimeProvider clock)
    : ICommandHandler<CreateClientCommand, ClientDto>
{
    public Task<Result<ClientDto>> Handle(CreateClientCommand command, CancellationToken cancellationToken)
    {
        var details = new ClientDetails(
            command.FullName,
            PhoneNumber.Parse(command.Phone),
            string.IsNullOrWhiteSpace(command.Email) ? null : EmailAddress.Parse(command.Email),
            command.City,
            command.Source);
        var client = Client.Create(clock.NewId(), actor.OrganizationId, details, clock.UtcNowMicroseconds());
        clients.Add(client);
        return Task.FromResult<Result<ClientDto>>(ClientDto.From(client));
    }
}
