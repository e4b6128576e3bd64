using FluentValidation;
using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Access;
using MakCrm.Application.Common;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;

namespace MakCrm.Application.Clients;

/// <summary>A JSON merge patch of a client: absent fields stay; email and city are cleared by null or "".</summary>
public sealed record UpdateClientCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<string> FullName,
    Patch<string> Phone,
    Patch<string?> Email,
    Patch<string?> City,
    Patch<ClientSource> Source) : ICommand<ClientDto>;

internal sealed class UpdateClientValidator : AbstractValidator<UpdateClientCommand>
{
    public UpdateClientValidator()
    {
        When(c => c.FullName.IsPresent, () => RuleFor(c => (string?)c.FullName.Value).RequiredText(Client.MaxFullNameLength).OverridePropertyName("fullName"));
        When(c => c.Phone.IsPresent, () => RuleFor(c => (string?)c.Phone.Value).ValidPhone().OverridePropertyName("phone"));
        When(c => c.Email.IsPresent, () => RuleFor(c => c.Email.Value).ValidEmailOrEmpty().OverridePropertyName("email"));
        When(c => c.City.IsPresent, () => RuleFor(c => c.City.Value).OptionalText(Client.MaxCityLength).OverridePropertyName("city"));
        When(c => c.Source.IsPresent, () => RuleFor(c => c.Source.Value).Defined().OverridePropertyName("source"));
    }
}

internal sealed class UpdateClientHandler(IClientRepository clients, ICurrentActor actor, TimeProvider clock)
    : ICommandHandler<UpdateClientCommand, ClientDto>
{
    public async Task<Result<ClientDto>> Handle(UpdateClientCommand command, CancellationToken cancellationToken)
    {
        var client = await clients.FindAsync(command.Id, DataScope.For(actor, Permissions.ClientsReadAll), RowLock.None, cancellationToken);
        if (client is null)
        {
            return Error.NotFound("Client", command.Id);
        }

        var precondition = command.IfMatch.Require(client.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var current = client.Details;
        var email = command.Email.IsPresent
            ? (string.IsNullOrWhiteSpace(command.Email.Value) ? null : EmailAddress.Parse(command.Email.Value))
            : current.Email;
        client.Update(
            new ClientDetails(
                command.FullName.Or(current.FullName),
                command.Phone.IsPresent ? PhoneNumber.Parse(command.Phone.Value) : current.Phone,
                email,
                command.City.Or(current.City),
                command.Source.Or(current.Source)),
            clock.UtcNowMicroseconds());
        return ClientDto.From(client);
    }
}
