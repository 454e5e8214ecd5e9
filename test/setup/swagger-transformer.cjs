// ts-jest wants an AST transformer as { name, version, factory }; this wraps the @nestjs/swagger CLI plugin
// (the same one `nest build` runs, with nest-cli.json's options) in that shape.
const plugin = require('@nestjs/swagger/plugin');

module.exports.name = 'nestjs-swagger-plugin';
module.exports.version = 1;
module.exports.factory = (compiler, options) => plugin.before(options, compiler.program);
