"""The bundled framework files: data, installed with the package as `csf.frameworks`."""
