export { openFrontDoor, type FrontDoor } from './door-server.js'
export { knockFrontDoor, type DoorConnection } from './door-client.js'
export { doorAddresses, DOOR_SOCKET_NAME, MAX_SOCKET_PATH_BYTES } from './door-address.js'
export { MAX_CALL_BYTES } from './frames.js'
