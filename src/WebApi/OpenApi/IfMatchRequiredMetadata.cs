namespace MakCrm.WebApi.OpenApi;

/// <summary>Marks an operation whose handler refuses a change without If-Match (428).</summary>
public sealed class IfMatchRequiredMetadata;
