namespace MakCrm.Application.Abstractions.Security;

/// <summary>Who and where a change comes from, for the audit log; every member is null outside a request (seeding, workers).</summary>
public interface IRequestContext
{
    Guid? UserId { get; }

    string? ClientId { get; }

    Guid? OrganizationId { get; }

    string? IpAddress { get; }

    string? TraceId { get; }
}
