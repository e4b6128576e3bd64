using MakCrm.Application.Common;
using MakCrm.Application.Invitations;
using MakCrm.Application.Passwords;
using MakCrm.Domain.Invitations;

namespace MakCrm.WebApi.Contracts;

public sealed partial record PasswordResetRequest
{
    public RequestPasswordResetCommand ToCommand() => new(Email);
}
