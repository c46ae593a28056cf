import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isAppError } from '../../core/errors.js';

/**
 * Every error becomes an HTTP answer here, with a stable code. Client mistakes say what was
 * wrong; anything unexpected is logged with its stack and answered with a generic text.
 */
export const errorHandler = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((err: FastifyError, req, reply) => {
      if (isAppError(err)) {
        if (err.httpStatus >= 500) req.log.error({ err, code: err.code, context: err.context }, 'request failed');
        return reply.status(err.httpStatus).send({ code: err.code, message: err.httpStatus >= 500 ? 'Something went wrong; please try again.' : err.message });
      }
      if (err.validation) return reply.status(400).send({ code: 'BAD_INPUT', message: err.message });
      const status = err.statusCode ?? 500;
      if (status === 413) return reply.status(413).send({ code: 'TOO_LARGE', message: 'The request body is too large.' });
      if (status === 415) return reply.status(415).send({ code: 'BAD_INPUT', message: 'Unsupported content type.' });
      if (status >= 400 && status < 500) return reply.status(status).send({ code: 'BAD_INPUT', message: err.message });
      req.log.error({ err }, 'unhandled error');
      return reply.status(500).send({ code: 'INTERNAL', message: 'Something went wrong; please try again.' });
    });
    app.setNotFoundHandler((_req, reply) => reply.status(404).send({ code: 'NOT_FOUND', message: 'Not found.' }));
  },
  { name: 'error-handler' },
);
