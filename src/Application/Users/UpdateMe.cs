using MakCrm.Application.Abstractions.Events;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Events;

namespace MakCrm.Application.Users;

/// <summary>
/// The signed-in user's own name and phone, as a JSON merge patch: an absent field is left as it is, a null phone
/// clears it. With <c>If-Match</c> (the user's ETag, as <c>getUser</c> and this answer give it) a change made since,
/// from another tab or device, is a 412.
/// </summary>
public sealed record UpdateMeCommand(VersionCheck IfMatch, Patch<string> FullName, Patch<string?> Phone)
    : ICommand<Contracts.User>,
        IChangesStanding;

internal sealed class UpdateMeValidator : AbstractValidator<UpdateMeCommand>
{
    public const int MaxFullNameLength = 200;

    public UpdateMeValidator()
    {
        When(
            c => c.FullName.IsPresent,
            () => RuleFor(c => c.FullName.Value).RequiredText(MaxFullNameLength).OverridePropertyName("fullName")
        );
        When(
            c => c.Phone.IsPresent && c.Phone.Value is not null,
            () => RuleFor(c => c.Phone.Value).ValidPhone().OverridePropertyName("phone")
        );
    }
}

internal sealed class UpdateMeHandler(IUserAdministration users, IEventOutbox events, ICurrentActor actor)
    : ICommandHandler<UpdateMeCommand, Contracts.User>
{
    public async Task<Result<Contracts.User>> Handle(UpdateMeCommand command, CancellationToken cancellationToken)
    {
        var userId = actor.UserId!.Value;
        await users.LockAsync(userId, cancellationToken);
        var current = await users.FindAsync(userId, DataScope.All, cancellationToken);
        if (current is null)
        {
            return Error.NotFound("User", userId);
        }

        var precondition = command.IfMatch.IfPresent(ContentTag.Of(current));
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var fullName = command.FullName.IsPresent ? TextNormalizer.Collapse(command.FullName.Value) : current.FullName;
        var phone = command.Phone.IsPresent
            ? command.Phone.Value is null
                ? null
                : PhoneNumber.TryParse(command.Phone.Value, out var parsed)
                    ? parsed.Value
                    : null
            : current.Phone;
        var updated = await users.UpdateProfileAsync(userId, fullName, phone, cancellationToken);
        if (updated is null)
        {
            return Error.NotFound("User", userId);
        }

        if (updated != current)
        {
            events.Raise(EventPayloads.UserUpdated, updated.OrganizationId, updated.Id, updated);
        }

        return updated;
    }
}
