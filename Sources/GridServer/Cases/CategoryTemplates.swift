extension PageTemplates {
    /// 事项分类与办理时限: the catalogue as one editable table (a row a category, top categories as
    /// group rows), then export and import.
    static let adminCategories = """
        {{> admin_style}}
        <p class="crumbs"><a href="/admin">← {{t.admin_title}}</a></p>
        <h1>{{t.categories_title}}</h1>
        {{#notice}}<p class="notice" role="status" id="notice">{{notice}}</p>{{/notice}}
        <section class="card" aria-labelledby="table-title">
          <h2 id="table-title">{{t.catalogue_table}}</h2>
          <p class="muted">{{t.catalogue_intro}}</p>
          {{^editable}}<p class="muted">{{t.territory_admin_only}}</p>{{/editable}}
          {{#error}}<p class="error" role="alert" id="catalogue-error">{{error}}</p>{{/error}}
          <form method="post" action="/admin/categories" novalidate>
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <div class="scroll"><table class="queue" id="catalogue">
              <thead><tr><th>{{t.field_code}}</th><th>{{t.field_name}}</th><th>{{t.field_handler}}</th>{{#steps}}<th>{{.}}</th>{{/steps}}</tr></thead>
              <tbody>
              {{#rows}}
              {{#top}}<tr><th class="group">{{code}}</th><th class="group" colspan="{{group_span}}">
                <input type="text" name="name.{{code}}" value="{{name}}" aria-label="{{t.field_name}} {{code}}"{{^editable}} disabled{{/editable}}{{#name_invalid}} aria-invalid="true" aria-describedby="catalogue-error"{{/name_invalid}}></th></tr>{{/top}}
              {{^top}}<tr id="category-{{code}}"><td>{{code}}</td>
                <td><input type="text" name="name.{{code}}" value="{{name}}" aria-label="{{t.field_name}} {{code}}"{{^editable}} disabled{{/editable}}{{#name_invalid}} aria-invalid="true" aria-describedby="catalogue-error"{{/name_invalid}}></td>
                <td><select name="handler.{{code}}" aria-label="{{t.field_handler}} {{code}}"{{^editable}} disabled{{/editable}}{{#handler_invalid}} aria-invalid="true" aria-describedby="catalogue-error"{{/handler_invalid}}>
                  {{#handlers}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/handlers}}</select></td>
                {{#limits}}<td><input type="text" inputmode="decimal" name="limit.{{code}}.{{step}}" id="limit-{{code}}-{{step}}" value="{{value}}" placeholder="{{default}}"
                  aria-label="{{code}} {{label}}"{{^editable}} disabled{{/editable}}{{#invalid}} aria-invalid="true" aria-describedby="catalogue-error"{{/invalid}}></td>{{/limits}}
              </tr>{{/top}}
              {{/rows}}
              </tbody>
            </table></div>
            <p class="muted">{{t.limits_hint}}</p>
            {{#editable}}<button class="primary" type="submit" id="save-catalogue">{{t.catalogue_save}}</button>{{/editable}}
          </form>
        </section>
        <section class="card" aria-labelledby="file-title">
          <h2 id="file-title">{{t.catalogue_file}}</h2>
          <p><a class="secondary" href="/api/v1/categories" download="categories.json" id="export-catalogue">{{t.catalogue_export}}</a></p>
          {{#editable}}
          {{#import_error}}<p class="error" role="alert" id="import-error">{{import_error}}</p>{{/import_error}}
          <form method="post" action="/admin/categories/import" enctype="multipart/form-data" novalidate data-progress
                data-uploading="{{t.uploading}}" data-working="{{t.saving}}" data-failed="{{t.upload_failed}}">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label for="catalogue-file">{{t.field_catalogue}}</label>
            <input type="file" id="catalogue-file" name="catalogue" accept=".json,application/json" required aria-describedby="catalogue-file-hint{{#import_error}} import-error{{/import_error}}">
            <p class="muted" style="margin:.2rem 0" id="catalogue-file-hint">{{t.catalogue_file_hint}}</p>
            <progress hidden max="1"></progress><p role="status" aria-live="polite" class="muted upload-status"></p>
            <button class="primary" type="submit" id="import-catalogue">{{t.catalogue_import}}</button>
          </form>
          {{/editable}}
        </section>
        """
}
