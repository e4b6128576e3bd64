using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Tasks;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Deals;

/// <summary>Helpers for tests of pipelines, stages and deals; the migration seeds the default pipeline.</summary>
public abstract class DealTest(ApiServerFixture server) : TaskTest(server)
{
    protected const string DefaultPipeline = "0192f0c1-0000-7000-8000-000000000701";

    /// <summary>The default pipeline's stages: Новая заявка, Сбор документов, Подача в банк, Решение банка, won, lost.</summary>
    protected static readonly string[] DefaultStages = Enumerable.Range(11, 6).Select(n => $"0192f0c1-0000-7000-8000-0000000007{n}").ToArray();

    protected static string WonStage => DefaultStages[4];

    protected static string LostStage => DefaultStages[5];

    protected async Task<JsonObject> CreateDeal(string clientId, string? leadId = null, string? stageId = null, Guid? responsible = null, decimal amount = 3_000_000m)
    {
        var response = await Post("/api/v1/deals", new { clientId, leadId, title = "Ипотека", amount, bank = "Сбербанк", product = "mortgage", responsibleUserId = responsible, stageId });
        return await ExpectJson(response, HttpStatusCode.Created);
    }

    protected Task<HttpResponseMessage> Move(string dealId, string stageId) => Post($"/api/v1/deals/{dealId}/moves", new { stageId });

    protected async Task<JsonArray> History(string dealId) =>
        (await ExpectJson(await Http.GetAsync($"/api/v1/deals/{dealId}/stage-history"), HttpStatusCode.OK))["items"]!.AsArray();

    protected async Task<JsonObject> Pipeline(string id = DefaultPipeline) =>
        await ExpectJson(await Http.GetAsync($"/api/v1/pipelines/{id}"), HttpStatusCode.OK);

    protected static string[] StageIds(JsonObject pipeline) => pipeline["stages"]!.AsArray().Select(s => Id(s!.AsObject())).ToArray();

    protected async Task<JsonObject> AddStage(string name, object[]? triggers = null, string pipelineId = DefaultPipeline) =>
        await ExpectJson(await Post($"/api/v1/pipelines/{pipelineId}/stages", new { name, triggers = triggers ?? [] }), HttpStatusCode.Created);
}
