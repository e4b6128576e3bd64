namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>What kind of record an integrator's reference names.</summary>
public enum ExternalRefHolder
{
    Lead,
    Client,
}

/// <summary>The integrators' references of leads and clients (unique per organization and owner among live
/// records).</summary>
public interface IExternalRefs
{
    /// <summary>
    /// Locks the reference until the transaction ends (so that two requests with it cannot both create a record) and
    /// returns the live record that has it, or <c>null</c> when it is free. Call it inside the unit of work.
    /// </summary>
    Task<Guid?> LockAndFindAsync(
        ExternalRefHolder holder,
        Guid organizationId,
        ExternalReference reference,
        CancellationToken cancellationToken
    );
}
