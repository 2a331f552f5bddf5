package io.ticketping.gateway.web;

import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;

import java.util.Map;

/**
 * One declared parameter of an operation, checked as vertx-openapi's request validator checks it (required, decoded
 * by its style, then against its schema, with the same exceptions), but with its schema's validator built once. The
 * library builds a validator per call, and each build copies the whole document's schema lookup: most of the
 * validation's cost in a rush of holds.
 */
final class ParameterCheck {

  private static final Map<Style, ParameterTransformer> TRANSFORMERS = Map.of(Style.SIMPLE, new SimpleTransformer(),
    Style.LABEL, new LabelTransformer(), Style.MATRIX, new MatrixTransformer(), Style.FORM, new FormTransformer());

  private final Parameter parameter;
  private final ParameterTransformer transformer;
  private final Validator schema;

  ParameterCheck(Parameter parameter, SchemaRepository schemas) {
    this.parameter = parameter;
    this.transformer = TRANSFORMERS.get(parameter.getStyle());
    this.schema = schemas.validator(parameter.getSchema());
  }

  Parameter parameter() {
    return parameter;
  }

  /** Throws the validator's exception for a value that is missing while required, undecodable or off its schema. */
  void check(RequestParameter value) {
    if (value == null || value.isNull()) {
      if (parameter.isRequired()) {
        throw ValidatorException.createMissingRequiredParameter(parameter);
      }
      return;
    }
    if (transformer == null) {
      throw ValidatorException.createUnsupportedValueFormat(parameter);
    }
    OutputUnit result = schema.validate(transformer.transform(parameter, String.valueOf(value.get())));
    try {
      result.checkValidity();
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
    }
  }
}
