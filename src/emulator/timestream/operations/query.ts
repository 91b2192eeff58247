/** Query, CancelQuery, DescribeAccountSettings, UpdateAccountSettings, DescribeEndpoints. */
import { z } from 'zod';
import { validation } from '../../errors.ts';
import { MODELLED_TCU_SECONDS_HEADER } from '../../../timestream/modelled-tcu-header.ts';
import { defineOperation } from './operation.ts';

export const query = defineOperation(
  'Query',
  z.object({
    QueryString: z.string().min(1).max(262_144),
    ClientToken: z.string().optional(),
    NextToken: z.string().optional(),
    MaxRows: z.number().int().min(1).max(1000).optional(),
    QueryInsights: z.object({ Mode: z.enum(['ENABLED_WITH_RATE_CONTROL', 'DISABLED']) }).optional(),
  }),
  async (input, { service, signal }) => {
    const page = await service.query(input.QueryString, input.MaxRows, input.NextToken, {
      withInsights: input.QueryInsights?.Mode === 'ENABLED_WITH_RATE_CONTROL',
      signal,
    });
    // Rows are JSON text already: assemble the body without re-serializing them.
    const json =
      `{"QueryId":${JSON.stringify(page.queryId)}` +
      (page.nextToken ? `,"NextToken":${JSON.stringify(page.nextToken)}` : '') +
      `,"Rows":[${page.rows.join(',')}]` +
      `,"ColumnInfo":${JSON.stringify(page.columnInfo)}` +
      `,"QueryStatus":${JSON.stringify(page.status)}` +
      (page.insights ? `,"QueryInsightsResponse":${JSON.stringify(page.insights)}` : '') +
      '}';
    return page.modelledTcuSeconds === undefined
      ? { json }
      : { json, headers: { [MODELLED_TCU_SECONDS_HEADER]: String(page.modelledTcuSeconds) } };
  },
);

export const cancelQuery = defineOperation(
  'CancelQuery',
  z.object({ QueryId: z.string().min(1).max(64) }),
  (input, { service }) => ({
    CancellationMessage: service.cancelQuery(input.QueryId),
  }),
);

export const describeAccountSettings = defineOperation(
  'DescribeAccountSettings',
  z.object({}),
  (_input, { service }) => ({
    MaxQueryTCU: service.catalog.settings.maxQueryTcu,
    QueryPricingModel: service.catalog.settings.queryPricingModel,
    QueryCompute: { ComputeMode: 'ON_DEMAND' },
  }),
);

export const updateAccountSettings = defineOperation(
  'UpdateAccountSettings',
  z.object({
    MaxQueryTCU: z.number().int().optional(),
    QueryPricingModel: z.enum(['BYTES_SCANNED', 'COMPUTE_UNITS']).optional(),
    QueryCompute: z.unknown().optional(),
  }),
  async (input, { service }) => {
    const settings = service.catalog.settings;
    if (input.MaxQueryTCU !== undefined) {
      if (input.MaxQueryTCU < 4 || input.MaxQueryTCU > 1000 || input.MaxQueryTCU % 4 !== 0) {
        throw validation('MaxQueryTCU must be a multiple of 4 between 4 and 1000.');
      }
      settings.maxQueryTcu = input.MaxQueryTCU;
    }
    if (input.QueryPricingModel !== undefined) {
      // The real API accepts only the one-way switch to COMPUTE_UNITS.
      if (input.QueryPricingModel !== 'COMPUTE_UNITS')
        throw validation('QueryPricingModel can only be set to COMPUTE_UNITS.');
      settings.queryPricingModel = 'COMPUTE_UNITS';
    }
    await service.catalog.saveSettings();
    return {
      MaxQueryTCU: settings.maxQueryTcu,
      QueryPricingModel: settings.queryPricingModel,
      QueryCompute: { ComputeMode: 'ON_DEMAND' },
    };
  },
);

/** The SDK replaces only the hostname with Address (middleware-endpoint-discovery), keeping scheme and port. */
export const describeEndpoints = defineOperation('DescribeEndpoints', z.object({}), (_input, { host }) => ({
  Endpoints: [{ Address: host, CachePeriodInMinutes: 1440 }],
}));
