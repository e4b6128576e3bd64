namespace MakCrm.Application.Abstractions.Security;

/// <summary>User accounts, as far as the application needs to create them.</summary>
public interface IAccountRegistry
{
    Task<bool> EmailTakenAsync(string email, CancellationToken cancellationToken);

    /// <summary>Creates a user with a role in an organization; a password the policy refuses is a validation error on
    /// <c>password</c>.</summary>
    Task<Result<Guid>> CreateAsync(
        string email,
        string password,
        string fullName,
        Guid organizationId,
        string role,
        CancellationToken cancellationToken
    );
}
