using System.Net;
using System.Text;
using System.Text.Json;

namespace MakCrm.Client.Tests;

/// <summary>
/// What the SDK puts on the wire, checked against a recording handler (no server): the merge-patch bodies, the
/// headers, the query string and the reading of ETags and problems.
/// </summary>
public sealed class SdkWireFormatTests : IDisposable
{
    private static readonly Guid Id = Guid.Parse("0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c11");

    private readonly RecordingHandler _handler = new();
    private readonly HttpClient _http;
    private readonly MakCrmApiClient _api;

    public SdkWireFormatTests()
    {
        _http = new HttpClient(_handler) { BaseAddress = new Uri("http://crm.test/") };
        _api = new MakCrmApiClient(_http);
    }

    public void Dispose()
    {
        _http.Dispose();
        _handler.Dispose();
    }

    [Fact]
    public async Task A_client_patch_sends_only_the_fields_that_are_set()
    {
        _handler.Respond(HttpStatusCode.OK, ClientJson, etag: "\"4\"");

        var response = await _api.UpdateClientAsync(
            Id,
            "\"3\"",
            new UpdateClientRequest { City = "Kazan", Email = "" }
        );

        var request = _handler.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be(HttpMethod.Patch);
        request.Uri.Should().Be(new Uri($"http://crm.test/api/v1/clients/{Id}"));
        request.Headers["If-Match"].Should().Be("\"3\"");
        request.ContentType.Should().Be("application/merge-patch+json");
        JsonMembers(request.Body)
            .Should()
            .BeEquivalentTo(new Dictionary<string, object?> { ["city"] = "Kazan", ["email"] = "" });
        response.ETag.Should().Be("\"4\"");
        response.Result.Phone.Should().Be("+79991234567");
        response.Result.OrganizationId.Should().Be(Guid.Parse("0192f0c1-0000-7000-8000-0000000000c1"));
    }

    [Fact]
    public async Task A_lead_patch_sends_enums_by_their_wire_names_and_an_explicit_null_only_on_request()
    {
        _handler.Respond(HttpStatusCode.OK, LeadJson, etag: "\"2\"");
        _handler.Respond(HttpStatusCode.OK, LeadJson, etag: "\"3\"");
        _handler.Respond(HttpStatusCode.OK, LeadJson, etag: "\"4\"");
        var manager = Guid.NewGuid();

        await _api.UpdateLeadAsync(
            Id,
            "\"1\"",
            new UpdateLeadRequest { Status = "in_progress", RequestedAmount = 2_750_000.50m }
        );
        await _api.UpdateLeadAsync(Id, "\"2\"", new UpdateLeadRequest { ClearResponsibleUserId = true });
        await _api.UpdateLeadAsync(
            Id,
            "\"3\"",
            new UpdateLeadRequest { ResponsibleUserId = manager, ClearResponsibleUserId = true }
        );

        _handler
            .Requests.Select(r => r.Body)
            .Should()
            .Equal(
                """{"requestedAmount":2750000.50,"status":"in_progress"}""",
                """{"responsibleUserId":null}""",
                $$"""{"responsibleUserId":"{{manager}}"}"""
            );
    }

    [Fact]
    public async Task A_create_sends_enums_by_their_wire_names_and_leaves_out_unset_optional_fields()
    {
        _handler.Respond(HttpStatusCode.Created, ClientJson, etag: "\"1\"", location: $"/api/v1/clients/{Id}");

        var response = await _api.CreateClientAsync(
            new CreateClientRequest
            {
                FullName = "Ivanov",
                Phone = "8 999 123-45-67",
                Source = "lead_generation",
            }
        );

        var request = _handler.Requests.Should().ContainSingle().Subject;
        request.ContentType.Should().Be("application/json");
        JsonMembers(request.Body)
            .Should()
            .BeEquivalentTo(
                new Dictionary<string, object?>
                {
                    ["fullName"] = "Ivanov",
                    ["phone"] = "8 999 123-45-67",
                    ["source"] = "lead_generation",
                }
            );
        response.StatusCode.Should().Be(201);
        response.ETag.Should().Be("\"1\"");
        response.Location.Should().Be($"/api/v1/clients/{Id}");
    }

    [Fact]
    public async Task A_delete_sends_If_Match_only_when_given()
    {
        _handler.Respond(HttpStatusCode.NoContent, null);
        _handler.Respond(HttpStatusCode.NoContent, null);

        await _api.DeleteLeadAsync(Id);
        var response = await _api.DeleteLeadAsync(Id, "\"7\"");

        _handler.Requests[0].Headers.Should().NotContainKey("If-Match");
        _handler.Requests[1].Headers["If-Match"].Should().Be("\"7\"");
        _handler
            .Requests.Should()
            .OnlyContain(r => r.Method == HttpMethod.Delete && r.Uri == new Uri($"http://crm.test/api/v1/leads/{Id}"));
        response.StatusCode.Should().Be(204);
    }

    [Fact]
    public async Task The_lead_list_query_repeats_status_and_formats_numbers_and_instants_invariantly()
    {
        _handler.Respond(HttpStatusCode.OK, """{"items":[],"nextCursor":null}""");

        await _api.ListLeadsAsync(
            q: "8 999 123",
            status: ["new", "from_partner"],
            product: LoanProduct.Refinancing,
            amountMin: 1000.5m,
            createdFrom: new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.FromHours(3)),
            limit: 10
        );

        var query = _handler.Requests.Should().ContainSingle().Subject.Uri.Query;
        query
            .Should()
            .Be(
                "?q=8%20999%20123&status=new&status=from_partner&product=refinancing&amountMin=1000.5"
                    + "&createdFrom=2025-03-01T12%3A00%3A00.0000000%2B03%3A00&limit=10"
            );
    }

    [Fact]
    public async Task A_base_address_with_a_path_is_honoured()
    {
        using var http = new HttpClient(_handler, disposeHandler: false)
        {
            BaseAddress = new Uri("http://crm.test/gateway/"),
        };
        _handler.Respond(HttpStatusCode.OK, """{"items":[],"nextCursor":null}""");

        var page = await new MakCrmApiClient(http).ListClientsAsync(source: ["purchased_base"]);

        _handler
            .Requests.Should()
            .ContainSingle()
            .Which.Uri.Should()
            .Be(new Uri("http://crm.test/gateway/api/v1/clients?source=purchased_base"));
        page.Result.Items.Should().BeEmpty();
        page.Result.NextCursor.Should().BeNull();
    }

    [Fact]
    public async Task A_declared_error_is_a_typed_problem_and_an_undeclared_one_still_exposes_it()
    {
        _handler.Respond(
            HttpStatusCode.PreconditionFailed,
            Problem(412, "precondition_failed"),
            contentType: "application/problem+json"
        );
        _handler.Respond(
            HttpStatusCode.InternalServerError,
            Problem(500, "internal_error"),
            contentType: "application/problem+json"
        );
        _handler.Respond(HttpStatusCode.BadGateway, "<html>bad gateway</html>", contentType: "text/html");

        var declared = await FluentActions
            .Awaiting(() => _api.UpdateClientAsync(Id, "\"1\"", new UpdateClientRequest()))
            .Should()
            .ThrowAsync<MakCrmApiException<Problem>>();
        declared.Which.StatusCode.Should().Be(412);
        declared.Which.Result.Code.Should().Be("precondition_failed");
        declared.Which.Result.TraceId.Should().Be("4bf92f3577b34da6a3ce929d0e0e4736");
        declared.Which.Response.Should().Contain("precondition_failed", "the raw body is kept for logs");

        var undeclared = await FluentActions
            .Awaiting(() => _api.GetClientAsync(Id))
            .Should()
            .ThrowAsync<MakCrmApiException>();
        undeclared.Which.StatusCode.Should().Be(500);
        undeclared.Which.Problem!.Code.Should().Be("internal_error");

        var notAProblem = await FluentActions
            .Awaiting(() => _api.GetClientAsync(Id))
            .Should()
            .ThrowAsync<MakCrmApiException>();
        notAProblem.Which.StatusCode.Should().Be(502);
        notAProblem.Which.Problem.Should().BeNull();
    }

    [Fact]
    public async Task The_typed_enum_fields_of_every_request_send_the_contract_wire_names()
    {
        string[] statuses =
        [
            "new",
            "from_partner",
            "auction",
            "not_sold",
            "in_progress",
            "approved",
            "issued",
            "rejected",
            "returned",
        ];
        string[] products = ["mortgage", "consumer", "auto", "business", "refinancing"];
        string[] methods = ["call_center", "partner", "franchisee", "self_service"];
        Enum.GetValues<LoanProduct>().Should().HaveSameCount(products);
        Enum.GetValues<ProcessingMethod>().Should().HaveSameCount(methods);

        foreach (var status in statuses)
        {
            _handler.Respond(HttpStatusCode.OK, LeadJson);
            await _api.UpdateLeadAsync(Id, "*", new UpdateLeadRequest { Status = status });
        }

        foreach (var product in Enum.GetValues<LoanProduct>())
        {
            _handler.Respond(HttpStatusCode.OK, LeadJson);
            await _api.UpdateLeadAsync(Id, "*", new UpdateLeadRequest { Product = product });
        }

        foreach (var method in Enum.GetValues<ProcessingMethod>())
        {
            _handler.Respond(HttpStatusCode.OK, ClientJson);
            await _api.UpdateClientAsync(Id, "*", new UpdateClientRequest { ProcessingMethod = method });
        }

        _handler
            .Requests.Select(r => r.Body)
            .Should()
            .Equal(
                statuses
                    .Select(name => $$"""{"status":"{{name}}"}""")
                    .Concat(products.Select(name => $$"""{"product":"{{name}}"}"""))
                    .Concat(methods.Select(name => $$"""{"processingMethod":"{{name}}"}"""))
            );
    }

    [Fact]
    public async Task A_lead_create_sends_the_initial_status_only_when_it_is_set()
    {
        _handler.Respond(HttpStatusCode.Created, LeadJson, etag: "\"1\"");
        _handler.Respond(HttpStatusCode.Created, LeadJson, etag: "\"1\"");
        var clientId = Guid.Parse("0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c12");

        await _api.CreateLeadAsync(
            new CreateLeadRequest
            {
                ClientId = clientId,
                RequestedAmount = 100_000m,
                Product = LoanProduct.Auto,
            }
        );
        await _api.CreateLeadAsync(
            new CreateLeadRequest
            {
                ClientId = clientId,
                RequestedAmount = 100_000m,
                Product = LoanProduct.Auto,
                Status = "not_sold",
            }
        );

        JsonMembers(_handler.Requests[0].Body)
            .Should()
            .BeEquivalentTo(
                new Dictionary<string, object?>
                {
                    ["clientId"] = clientId.ToString(),
                    ["requestedAmount"] = "100000",
                    ["product"] = "auto",
                },
                "an unset status is left out, so the server's default (new) applies"
            );
        JsonMembers(_handler.Requests[1].Body)
            .Should()
            .BeEquivalentTo(
                new Dictionary<string, object?>
                {
                    ["clientId"] = clientId.ToString(),
                    ["requestedAmount"] = "100000",
                    ["product"] = "auto",
                    ["status"] = "not_sold",
                }
            );
    }

    [Fact]
    public async Task A_property_the_contract_requires_and_allows_null_is_written_when_null()
    {
        _handler.Respond(HttpStatusCode.OK, ReferralProgramJson);
        _handler.Respond(HttpStatusCode.OK, """{"id":"0192f0c1-0000-7000-8000-0000000000c1"}""");

        await _api.SetOrganizationReferrerAsync(
            Id,
            new SetReferrerRequest { ReferrerOrganizationId = null, Reason = "Ошибочная привязка" }
        );
        await _api.SetOrganizationGradeAsync(Id, new SetOrganizationGradeRequest { Grade = null, Reason = "Отмена" });

        JsonMembers(_handler.Requests[0].Body)
            .Should()
            .BeEquivalentTo(
                new Dictionary<string, object?>
                {
                    ["referrerOrganizationId"] = null,
                    ["reason"] = "Ошибочная привязка",
                },
                "a null referrer removes it, and a body without the member is refused"
            );
        JsonMembers(_handler.Requests[1].Body)
            .Should()
            .BeEquivalentTo(new Dictionary<string, object?> { ["grade"] = null, ["reason"] = "Отмена" });
    }

    [Fact]
    public async Task The_contracts_required_properties_are_required_members_and_an_answer_is_read_as_it_is()
    {
        // Code cannot build a request without what the contract requires (CS9035 at compile time) ...
        typeof(CreateClientRequest)
            .GetProperty(nameof(CreateClientRequest.FullName))!
            .IsDefined(typeof(System.Runtime.CompilerServices.RequiredMemberAttribute), inherit: false)
            .Should()
            .BeTrue();
        typeof(CreateClientRequest)
            .GetProperty(nameof(CreateClientRequest.Email))!
            .IsDefined(typeof(System.Runtime.CompilerServices.RequiredMemberAttribute), inherit: false)
            .Should()
            .BeFalse();

        // ... while an answer is read with what it has (this one lacks the required externalRef and attribution).
        _handler.Respond(HttpStatusCode.OK, ClientJson);
        var client = (await _api.GetClientAsync(Id)).Result;
        client.FullName.Should().Be("Ivanov");
        client.ExternalRef.Should().BeNull();
    }

    [Fact]
    public async Task A_tagged_union_is_read_as_the_class_of_its_kind_wherever_kind_stands()
    {
        // `kind` is the second member of a timeline item: the class is chosen by its value, not by its position.
        _handler.Respond(HttpStatusCode.OK, TimelineJson);

        var items = (await _api.GetLeadTimelineAsync(Id)).Result.Items.ToList();

        items.Select(i => i.Kind)
            .Should()
            .Equal(TimelineItemKind.Comment, TimelineItemKind.History, TimelineItemKind.Task);
        var comment = items[0].Should().BeOfType<TimelineCommentItem>().Subject;
        comment.Text.Should().Be("Ждём справку");
        comment.At.Should().Be(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        items[1].Should().BeOfType<TimelineHistoryItem>().Which.Change.To.Should().Be("in_progress");
        var described = items.Select(item => item switch
        {
            TimelineCommentItem c => c.Text,
            TimelineHistoryItem h => h.Change.Field,
            TimelineTaskItem t => $"{t.Text} {t.Task.DueAt:yyyy-MM-dd}",
            _ => "?",
        });
        described.Should().Equal("Ждём справку", "status", "Позвонить 2025-03-02");
    }

    private const string TimelineJson = """
        {"items":[
         {"id":"0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c11","kind":"comment","at":"2025-03-01T09:00:00Z",
          "actor":{"userId":null,"clientId":null,"displayName":null},"change":null,"text":"Ждём справку",
          "task":null,"notification":null,"ledgerEntry":null},
         {"id":"0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c12","kind":"history","at":"2025-03-01T08:00:00Z",
          "actor":{"userId":null,"clientId":null,"displayName":null},
          "change":{"field":"status","from":"new","to":"in_progress"},
          "text":null,"task":null,"notification":null,"ledgerEntry":null},
         {"kind":"task","id":"0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c13","at":"2025-03-01T07:00:00Z",
          "actor":{"userId":null,"clientId":null,"displayName":null},"change":null,"text":"Позвонить",
          "task":{"dueAt":"2025-03-02T07:00:00Z","doneAt":null,"assigneeUserId":"0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c14",
           "assigneeUser":{"id":"0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c14","displayName":"Анна"}},
          "notification":null,"ledgerEntry":null}],
         "nextCursor":null}
        """;

    private const string ClientJson = """
        {"id":"0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c11","organizationId":"0192f0c1-0000-7000-8000-0000000000c1","fullName":"Ivanov","phone":"+79991234567","email":null,"city":"Kazan",
         "source":"partner","processingMethod":null,"tags":[],"consent":null,"createdAt":"2025-03-01T09:00:00Z","updatedAt":"2025-03-01T09:00:00Z"}
        """;

    private const string LeadJson = """
        {"id":"0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c11","clientId":"0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c12",
         "organizationId":"0192f0c1-0000-7000-8000-0000000000c1","requestedAmount":2500000,
         "product":"mortgage","comment":null,"status":"in_progress","responsibleUserId":null,
         "createdAt":"2025-03-01T09:00:00Z","updatedAt":"2025-03-01T09:00:00Z"}
        """;

    private const string ReferralProgramJson = """
        {"organizationId":"0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c11","code":"K7M2XQ9D","link":"http://localhost:5173/r/K7M2XQ9D","referrerOrganizationId":null,
         "referrerCorrectionReason":"Ошибочная привязка","level1Count":0,"level2Count":0,"earned":{"onHold":0,"available":0,"paid":0}}
        """;

    private static string Problem(int status, string code) =>
        $$"""{"type":"urn:mak:problem:{{code}}","title":"Failed.","status":{{status}},"code":"{{code}}","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""";

    private static Dictionary<string, object?> JsonMembers(string? json)
    {
        using var document = JsonDocument.Parse(json ?? "null");
        return document
            .RootElement.EnumerateObject()
            .ToDictionary(
                member => member.Name,
                member =>
                    member.Value.ValueKind switch
                    {
                        JsonValueKind.String => member.Value.GetString(),
                        JsonValueKind.Null => null,
                        _ => (object?)member.Value.GetRawText(),
                    }
            );
    }

    private sealed record RecordedRequest(
        HttpMethod Method,
        Uri Uri,
        Dictionary<string, string> Headers,
        string? ContentType,
        string? Body
    );

    private sealed class RecordingHandler : HttpMessageHandler
    {
        private readonly Queue<Func<HttpResponseMessage>> _responses = new();

        public List<RecordedRequest> Requests { get; } = [];

        public void Respond(
            HttpStatusCode status,
            string? body,
            string? etag = null,
            string? location = null,
            string contentType = "application/json"
        ) =>
            _responses.Enqueue(() =>
            {
                var response = new HttpResponseMessage(status);
                if (body is not null)
                {
                    response.Content = new StringContent(body, Encoding.UTF8, contentType);
                }

                if (etag is not null)
                {
                    response.Headers.TryAddWithoutValidation("ETag", etag);
                }

                if (location is not null)
                {
                    response.Headers.TryAddWithoutValidation("Location", location);
                }

                return response;
            });

        protected override async Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add(
                new RecordedRequest(
                    request.Method,
                    request.RequestUri!,
                    request.Headers.ToDictionary(
                        h => h.Key,
                        h => string.Join(", ", h.Value),
                        StringComparer.OrdinalIgnoreCase
                    ),
                    request.Content?.Headers.ContentType?.MediaType,
                    body
                )
            );
            return _responses.Dequeue()();
        }
    }
}
