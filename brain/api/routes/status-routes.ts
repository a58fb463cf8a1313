// Health, places, map and robots: the read-only picture of the ward.
import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../schemas.js';
import { rmfError, sendErrors } from '../errors.js';
import type { ApiContext } from './context.js';

export function registerStatusRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/api/health', {
    schema: {
      tags: ['status'],
      summary: 'Is the brain up, is the robot link up, how many robots answer',
      response: {
        200: {
          type: 'object',
          required: ['status', 'version', 'uptime_s', 'link', 'robots'],
          properties: {
            status: { type: 'string', enum: ['ok', 'degraded'], description: 'degraded: the robot link is down or no robot is online' },
            version: { type: 'string' },
            uptime_s: { type: 'number' },
            link: {
              type: 'object', required: ['kind', 'url', 'connected'],
              properties: { kind: { type: 'string' }, url: { type: 'string' }, connected: { type: 'boolean' } },
            },
            robots: { type: 'object', required: ['total', 'online'], properties: { total: { type: 'integer' }, online: { type: 'integer' } } },
          },
        },
      },
    },
  }, async () => {
    const robots = ctx.fleet.counts();
    const connected = ctx.link.connected;
    return {
      status: connected && robots.online > 0 ? 'ok' : 'degraded',
      version: ctx.version,
      uptime_s: Math.round((Date.now() - ctx.startedAtMs) / 100) / 10,
      link: { kind: ctx.link.kind, url: ctx.link.target, connected },
      robots,
    };
  });

  app.get('/api/places', {
    schema: {
      tags: ['map'],
      summary: 'Named places of the ward (metres, map frame)',
      response: { 200: { type: 'object', required: ['places'], properties: { places: { type: 'array', items: { $ref: 'Place#' } } } } },
    },
  }, async () => ({ places: ctx.mapView.places }));

  app.get('/api/map', {
    schema: {
      tags: ['map'],
      summary: 'Walls, doors, lanes, floors, floor-plan images and places of every level (metres, y up)',
      response: { 200: { $ref: 'WardMapView#' } },
    },
  }, async () => ctx.mapView);

  app.get<{ Params: { level: string } }>('/api/map/levels/:level/drawing', {
    schema: {
      tags: ['map'],
      summary: 'The floor-plan image (PNG) of a level',
      params: { type: 'object', required: ['level'], properties: { level: { type: 'string' } } },
      response: { 200: { type: 'string', format: 'binary', description: 'image/png' }, ...errorResponses(404) },
    },
  }, async (request, reply) => {
    const { level } = request.params;
    const file = ctx.ward.building.levels.find((l) => l.name === level)?.drawing?.file;
    const shown = ctx.mapView.levels.find((l) => l.name === level)?.drawing;
    if (!file || !shown) {
      const levels = ctx.mapView.levels.map((l) => l.name).join(', ');
      const detail = ctx.mapView.levels.some((l) => l.name === level)
        ? `level "${level}" has no floor-plan image`
        : `unknown level "${level}" (levels: ${levels})`;
      return sendErrors(reply, [rmfError('not_found', detail)]);
    }
    return reply.type('image/png').header('cache-control', 'public, max-age=3600').send(createReadStream(file));
  });

  app.get('/api/robots', {
    schema: {
      tags: ['robots'],
      summary: 'State of every robot the brain knows',
      response: { 200: { type: 'object', required: ['robots'], properties: { robots: { type: 'array', items: { $ref: 'RobotState#' } } } } },
    },
  }, async () => ({ robots: ctx.fleet.list() }));
}
