namespace MakCrm.Domain.Common;

/// <summary>A named domain rule that an entity checks before it changes.</summary>
public interface IBusinessRule
{
    bool IsBroken();

    Error Error { get; }
}
