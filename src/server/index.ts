export { startServer, MAX_API_BODY_BYTES, type RunningServer, type ServeOptions } from './serve.js'
