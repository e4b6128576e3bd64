namespace MakCrm.Contracts;

/// <summary>A read model of an aggregate: its id and the version that the API shows as its ETag.</summary>
public interface IVersioned
{
    Guid Id { get; }

    int Version { get; }
}
