namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>The row lock a command takes when it reads an aggregate it will act on, held to the end of its
/// transaction.</summary>
public enum RowLock
{
    None,

    /// <summary>Others may read and share-lock, nobody may change or delete the row (a lead being added to a
    /// client).</summary>
    Share,

    /// <summary>Nobody else may lock the row (a client being deleted).</summary>
    Update,
}
