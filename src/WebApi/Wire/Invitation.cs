using MakCrm.Application.Invitations;
using MakCrm.Application.Passwords;
using MakCrm.Contracts;
using MakCrm.Domain.Invitations;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class InvitationMappings
{
    extension(PasswordResetRequest request)
    {
        public RequestPasswordResetCommand ToCommand() => new(request.Email);
    }
}
