using FluentValidation;
using System.Text.Json;

namespace FactCheck.Api.Platform;

public static class ValidationFilter
{
    /// <summary>Validates the endpoint's <typeparamref name="T"/> argument and answers 400 with the field errors.</summary>
    public static RouteHandlerBuilder WithValidation<T>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var argument = context.Arguments.OfType<T>().FirstOrDefault();
            if (argument is null) return await next(context);
            var validator = context.HttpContext.RequestServices.GetRequiredService<IValidator<T>>();
            var result = await validator.ValidateAsync(argument, context.HttpContext.RequestAborted);
            if (result.IsValid) return await next(context);
            var errors = result.Errors
                .GroupBy(e => ToJsonPath(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
            return TypedResults.ValidationProblem(errors, title: "The request is invalid.",
                detail: "See 'errors' for the fields that failed validation.");
        }).ProducesValidationProblem();

    // "Sources[0].Url" -> "sources[0].url", the spelling of the JSON the client sent.
    static string ToJsonPath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}
