extension PageTemplates {
    /// The resident portal: report without an account, then track and rate by number and code.
    static let resident = ["report": report, "reported": reported, "track": track]

    static let report = """
        <div class="card" style="max-width:640px;margin:1rem auto">
        <h1>{{t.report_title}}</h1>
        <p class="muted">{{t.report_intro}} <a href="/track">{{t.track_title}}</a></p>
        {{#error}}<p class="error" role="alert" id="report-error">{{error}}</p>{{/error}}
        <form method="post" action="/report" enctype="multipart/form-data" novalidate>
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <label for="category">{{t.category}}</label>
          <select id="category" name="category" required>
            {{#groups}}<optgroup label="{{name}}">{{#items}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/items}}</optgroup>{{/groups}}
          </select>
          <label for="description">{{t.description}}</label>
          <textarea id="description" name="description" rows="4" required>{{description}}</textarea>
          {{> photo_field}}
          {{> locator}}
          <label for="phone">{{t.phone_optional}}</label>
          <input type="text" id="phone" name="reporter_phone" inputmode="tel" value="{{phone}}" autocomplete="tel">
          <button class="primary" type="submit">{{t.submit_report}}</button>
        </form>
        </div>
        """

    static let reported = """
        <div class="card" style="max-width:640px;margin:1rem auto">
        <h1>{{t.reported_title}}</h1>
        <p>{{t.case_number}}: <strong id="case-number">{{number}}</strong></p>
        <p>{{t.tracking_code}}: <strong id="tracking-code">{{token}}</strong></p>
        <p class="muted">{{t.keep_code}}</p>
        <form method="get" action="/track"><input type="hidden" name="number" value="{{number}}"><input type="hidden" name="token" value="{{token}}">
        <button class="primary" type="submit">{{t.track_it}}</button></form>
        </div>
        """

    static let track = """
        <div class="card" style="max-width:720px;margin:1rem auto">
        <h1>{{t.track_title}}</h1>
        <p class="muted"><a href="/report">{{t.report_title}}</a></p>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="get" action="/track">
          <label for="number">{{t.case_number}}</label><input type="text" id="number" name="number" value="{{number}}" required>
          <label for="token">{{t.tracking_code}}</label><input type="text" id="token" name="token" value="{{token}}" required>
          <button class="primary" type="submit">{{t.look_up}}</button>
        </form>
        </div>
        {{#case}}
        <div class="card" style="max-width:720px;margin:1rem auto">
          <h2>{{number}} · <span id="case-state">{{state_name}}</span></h2>
          <p class="muted">{{category_name}}</p>
          <p>{{description}}</p>
          <div class="photos">{{#photos}}<img src="{{url}}" alt="{{t.photo}}">{{/photos}}</div>
          <ol>{{#history}}<li>{{at}} — {{action_name}}{{#note}}：{{note}}{{/note}}</li>{{/history}}</ol>
          {{#can_rate}}
          <form method="post" action="/track/rate">
            <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="number" value="{{number}}"><input type="hidden" name="token" value="{{token}}">
            <fieldset><legend>{{t.rate_result}}</legend>
              <label><input type="radio" name="rating" value="satisfied" required> {{t.rating_satisfied}}</label>
              <label><input type="radio" name="rating" value="basically_satisfied"> {{t.rating_basically_satisfied}}</label>
              <label><input type="radio" name="rating" value="unsatisfied"> {{t.rating_unsatisfied}}</label>
            </fieldset>
            <button class="primary" type="submit">{{t.submit_rating}}</button>
          </form>
          {{/can_rate}}
        </div>
        {{/case}}
        """
}

extension PageStrings {
    static let residentChinese: [String: String] = [
        "report_title": "我要反映", "report_intro": "无需注册。请选择问题类别，拍照，在地图上点选或使用手机定位，并描述情况。",
        "category": "问题类别", "description": "情况描述", "position": "位置", "latitude": "纬度", "longitude": "经度",
        "phone_optional": "联系电话（选填）", "submit_report": "提交", "reported_title": "已收到您的反映",
        "case_number": "案卷编号", "tracking_code": "查询码", "keep_code": "请保存编号和查询码，用于查询进度和评价结果。",
        "track_it": "查看进度", "track_title": "查询办理进度", "look_up": "查询", "rate_result": "请评价办理结果",
        "rating_satisfied": "满意", "rating_basically_satisfied": "基本满意", "rating_unsatisfied": "不满意", "submit_rating": "提交评价",
        "not_found_case": "编号或查询码不正确", "thanks_rating": "感谢您的评价",
        "position_required": "请以数字填写纬度和经度",
    ]

    static let residentEnglish: [String: String] = [
        "report_title": "Report a problem", "report_intro": "No account needed. Choose a category, take a photo, tap the map or use your phone's position, and describe it.",
        "category": "Category", "description": "Description", "position": "Position", "latitude": "Latitude", "longitude": "Longitude",
        "phone_optional": "Phone (optional)", "submit_report": "Submit", "reported_title": "Thank you, we have your report",
        "case_number": "Case number", "tracking_code": "Tracking code", "keep_code": "Keep the number and the code to follow and rate your case.",
        "track_it": "Follow it", "track_title": "Follow a case", "look_up": "Look up", "rate_result": "How was it handled?",
        "rating_satisfied": "Satisfied", "rating_basically_satisfied": "Mostly satisfied", "rating_unsatisfied": "Unsatisfied", "submit_rating": "Rate",
        "not_found_case": "Wrong number or tracking code", "thanks_rating": "Thank you for rating",
        "position_required": "give latitude and longitude as numbers",
    ]
}
