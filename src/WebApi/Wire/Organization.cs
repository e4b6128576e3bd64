using MakCrm.Application.Organizations;
using MakCrm.Contracts;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class OrganizationMappings
{
    /// <summary>A partner's or franchisee's self-registration (schema <c>RegistrationRequest</c>).</summary>
    extension(RegistrationRequest request)
    {
        public RegisterOrganizationCommand ToCommand() =>
            new(
                request.Kind,
                request.CompanyName,
                request.LegalForm,
                request.Inn,
                request.City,
                request.Niche,
                request.ContactPhone,
                request.ContactEmail,
                request.FullName,
                request.Password,
                request.ReferralCode
            );
    }
}
