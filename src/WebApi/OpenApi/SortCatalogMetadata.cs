namespace MakCrm.WebApi.OpenApi;

/// <summary>Names the catalog a list's <c>sort</c> parameter is validated and parsed with.</summary>
public sealed record SortCatalogMetadata(ISortCatalog Catalog);
