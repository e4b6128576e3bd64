namespace MakCrm.WebApi.OpenApi;

/// <summary>
/// A list kept as raw JSON so that each item is read and checked on its own (a malformed item is that item's problem,
/// not the request's), whose items are nonetheless <see cref="ItemType"/>: the runtime OpenAPI document describes them
/// so, as the contract does, and the generated clients type them.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ItemsReadOnTheirOwnAttribute(Type itemType) : Attribute
{
    public Type ItemType { get; } = itemType;
}
