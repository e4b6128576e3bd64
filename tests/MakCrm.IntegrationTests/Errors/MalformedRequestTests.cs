using System.Net;
using System.Text;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Errors;

/// <summary>However a request is malformed, the answer is a 4xx problem with a code, never a 500, and nothing is written.</summary>
public sealed class MalformedRequestTests(ApiServerFixture server) : ApiTest(server)
{
    public static TheoryData<string> MalformedBodies => new()
    {
        "{",
        "{\"fullName\": \"a\",}",
        "not json",
        "{\"fullName\": 'single quotes'}",
        "\u0000\u0001\u0002",
        new string('[', 100) + new string(']', 100),
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Bodies_that_are_not_json_are_malformed_json_problems(string body)
    {
        foreach (var url in new[] { "/api/v1/clients", "/api/v1/leads" })
        {
            await ExpectProblem(await Send(HttpMethod.Post, url, body), HttpStatusCode.BadRequest, "malformed_json");
        }

        (await ListAllIds("/api/v1/clients", 10)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"a string\"")]
    [InlineData("42")]
    [InlineData("null")]
    public async Task Json_that_is_not_an_object_is_refused(string body)
    {
        await ExpectProblem(await Send(HttpMethod.Post, "/api/v1/clients", body), HttpStatusCode.BadRequest, "malformed_json");
    }

    [Fact]
    public async Task An_empty_body_is_refused()
    {
        await ExpectProblem(await Send(HttpMethod.Post, "/api/v1/clients", ""), HttpStatusCode.BadRequest, "malformed_json");
    }

    [Fact]
    public async Task A_body_that_arrives_in_pieces_without_a_length_is_read_whole()
    {
        // 300 KB of whitespace inside the object, sent chunked in 64 KB pieces 30 ms apart: the reader must wait for every piece.
        var json = "{\"fullName\":\"Пётр Частями\"," + new string(' ', 300_000) + "\"phone\":\"+79990004242\",\"source\":\"partner\"}";
        using var content = new StreamContent(new PieceByPieceStream(Encoding.UTF8.GetBytes(json), pieceSize: 64 * 1024));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };

        var response = await Http.PostAsync("/api/v1/clients", content);

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadAsStringAsync()).Should().Contain("Пётр Частями");
    }

    /// <summary>A request body of unknown length that hands out at most one piece per read.</summary>
    private sealed class PieceByPieceStream(byte[] bytes, int pieceSize) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, pieceSize));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, pieceSize)]);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(30, cancellationToken); // so that the server reads the first pieces before the rest arrive
            return await base.ReadAsync(buffer[..Math.Min(buffer.Length, pieceSize)], cancellationToken);
        }
    }

    [Fact]
    public async Task Duplicate_fields_are_refused()
    {
        var problem = await ExpectProblem(
            await Send(HttpMethod.Post, "/api/v1/clients", """{"fullName":"A","fullName":"B","phone":"+79990000001","source":"partner"}"""),
            HttpStatusCode.BadRequest,
            "validation_failed");
        FieldErrors(problem, "fullName").Should().Equal("Appears more than once.");
    }

    [Fact]
    public async Task Numbers_out_of_range_are_field_errors()
    {
        var client = await CreateClient();
        var body = $$"""{"clientId":"{{Id(client)}}","requestedAmount":1e400,"product":"auto"}""";

        var problem = await ExpectProblem(await Send(HttpMethod.Post, "/api/v1/leads", body), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "requestedAmount").Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_413()
    {
        var body = "{\"fullName\":\"" + new string('а', 600_000) + "\",\"phone\":\"+79990000002\",\"source\":\"partner\"}";
        Encoding.UTF8.GetByteCount(body).Should().BeGreaterThan(1024 * 1024);

        await ExpectProblem(await Send(HttpMethod.Post, "/api/v1/clients", body), HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task A_body_that_is_not_json_by_content_type_is_415()
    {
        await ExpectProblem(await Send(HttpMethod.Post, "/api/v1/clients", "fullName=A", "application/x-www-form-urlencoded"), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await ExpectProblem(await Send(HttpMethod.Post, "/api/v1/clients", "{}", "text/plain"), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task Very_long_text_is_a_field_error_not_a_database_error()
    {
        var response = await Post("/api/v1/clients", new { fullName = new string('б', 5000), phone = UniquePhone(), source = "partner" });

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "fullName").Should().Equal("Must be at most 200 characters.");
    }

    [Fact]
    public async Task A_search_longer_than_200_characters_is_a_field_error()
    {
        var problem = await ExpectProblem(await Http.GetAsync($"/api/v1/clients?q={new string('x', 201)}"), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "q").Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("/api/v1/clients/not-a-uuid")]
    [InlineData("/api/v1/nothing-here")]
    [InlineData("/api/v2/clients")]
    public async Task Unknown_routes_are_404_problems(string url)
    {
        await ExpectProblem(await Http.GetAsync(url), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_method_that_a_route_does_not_have_is_405_problem()
    {
        var response = await Send(HttpMethod.Put, "/api/v1/clients", "{}");

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task Every_problem_has_its_own_trace_id()
    {
        var first = await ExpectProblem(await Http.GetAsync($"/api/v1/clients/{Guid.CreateVersion7()}"), HttpStatusCode.NotFound, "not_found");
        var second = await ExpectProblem(await Http.GetAsync($"/api/v1/clients/{Guid.CreateVersion7()}"), HttpStatusCode.NotFound, "not_found");

        first["traceId"]!.GetValue<string>().Should().NotBe(second["traceId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_trace_id_sent_by_the_caller_is_the_one_in_the_problem()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/leads/{Guid.CreateVersion7()}");
        request.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        var problem = await ExpectProblem(await Http.SendAsync(request), HttpStatusCode.NotFound, "not_found");

        problem["traceId"]!.GetValue<string>().Should().Be("0af7651916cd43dd8448eb211c80319c");
    }

    [Fact]
    public async Task Problems_are_sent_with_their_length_not_in_chunks()
    {
        // The client has the whole answer as soon as its bytes arrive, not when the pipeline's last step has run.
        using var anonymous = Server.CreateHttpClient();
        var answers = new[]
        {
            await Http.GetAsync($"/api/v1/clients/{Guid.CreateVersion7()}"),
            await Send(HttpMethod.Post, "/api/v1/clients", "{"),
            await anonymous.GetAsync("/api/v1/clients"),
        };

        foreach (var response in answers)
        {
            var body = await response.Content.ReadAsByteArrayAsync();
            response.Headers.TransferEncodingChunked.Should().NotBe(true);
            response.Content.Headers.ContentLength.Should().Be(body.Length);
            response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        }

        answers.Select(r => r.StatusCode).Should().Equal(HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized);
    }
}
